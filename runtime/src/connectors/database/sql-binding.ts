import { parseSqlParameters, type ParsedSql, type SqlValue } from "@callflow/nodes";

/** A `:name` placeholder whose value the request does not carry. */
export class SqlParameterMissingError extends Error {
  readonly code = "sql-parameter-missing";

  constructor(name: string) {
    super(`the SQL uses :${name}, which has no value; add "${name}" to the node's parameters`);
    this.name = "SqlParameterMissingError";
  }
}

/** PostgreSQL: `$1`, `$2`, ... numbered by first appearance, so a repeated name binds once. */
export function bindNumbered(sql: string, parameters: Readonly<Record<string, SqlValue>>): { text: string; values: SqlValue[] } {
  const parsed = parseSqlParameters(sql);
  const numbers = new Map<string, number>();
  const values: SqlValue[] = [];
  const text = joinParts(parsed, (name) => {
    let number = numbers.get(name);

    if (number === undefined) {
      values.push(valueOf(parameters, name));
      number = values.length;
      numbers.set(name, number);
    }
    return `$${number}`;
  });

  return { text, values };
}

/** MySQL and MariaDB: `?` per placeholder, with the value repeated for a repeated name. */
export function bindQuestionMarks(sql: string, parameters: Readonly<Record<string, SqlValue>>): { sql: string; values: SqlValue[] } {
  const parsed = parseSqlParameters(sql, { backslashEscapes: true });
  const values = parsed.names.map((name) => valueOf(parameters, name));

  return { sql: joinParts(parsed, () => "?"), values };
}

/** SQL Server: `@name`, with one input per distinct name. */
export function bindAtNames(sql: string, parameters: Readonly<Record<string, SqlValue>>): { sql: string; inputs: Array<{ name: string; value: SqlValue }> } {
  const parsed = parseSqlParameters(sql);
  const names = [...new Set(parsed.names)];

  return { sql: joinParts(parsed, (name) => `@${name}`), inputs: names.map((name) => ({ name, value: valueOf(parameters, name) })) };
}

/** Oracle: the `:name` placeholders stay, with a bind object of the names the SQL uses. */
export function bindColonNames(sql: string, parameters: Readonly<Record<string, SqlValue>>): { sql: string; binds: Record<string, SqlValue> } {
  const parsed = parseSqlParameters(sql);
  const binds: Record<string, SqlValue> = {};

  for (const name of parsed.names) binds[name] = valueOf(parameters, name);
  return { sql: joinParts(parsed, (name) => `:${name}`), binds };
}

function joinParts(parsed: ParsedSql, placeholder: (name: string) => string): string {
  return parsed.parts.map((part, index) => (index < parsed.names.length ? part + placeholder(parsed.names[index]) : part)).join("");
}

function valueOf(parameters: Readonly<Record<string, SqlValue>>, name: string): SqlValue {
  if (!Object.hasOwn(parameters, name)) throw new SqlParameterMissingError(name);
  return parameters[name];
}
