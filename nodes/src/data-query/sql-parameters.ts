/**
 * SQL text split at its `:name` placeholders: `parts` has one more entry than `names`, and the
 * text is `parts[0] + names[0] + parts[1] + ...` with each placeholder replaced.
 */
export interface ParsedSql {
  readonly parts: readonly string[];
  /** Placeholder names in order of appearance; a name used twice appears twice. */
  readonly names: readonly string[];
}

/** Options of {@link parseSqlParameters}. */
export interface ParseSqlOptions {
  /**
   * True where a backslash escapes the next character inside quoted strings, as in MySQL and
   * MariaDB by default. Default false, as in standard SQL and PostgreSQL.
   */
  readonly backslashEscapes?: boolean;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DOLLAR_TAG = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/;

/**
 * Finds the `:name` placeholders of a SQL text. Names start with a letter or `_` and go on
 * with letters, digits and `_`. Text inside quoted strings ('...'), quoted identifiers ("..."
 * and `...`), PostgreSQL dollar-quoted strings ($$...$$, $tag$...$tag$) and comments (-- and
 * slash-star) is left alone, and so is a PostgreSQL cast such as `::text`.
 *
 * @example
 * parseSqlParameters("select balance from accounts where account_no = :accountNo");
 * // { parts: ["select balance from accounts where account_no = ", ""], names: ["accountNo"] }
 */
export function parseSqlParameters(sql: string, options: ParseSqlOptions = {}): ParsedSql {
  const parts: string[] = [];
  const names: string[] = [];
  let partStart = 0;
  let index = 0;

  while (index < sql.length) {
    const char = sql[index];

    if (char === "'" || char === '"' || char === "`") {
      index = skipQuoted(sql, index, char, options.backslashEscapes === true && char === "'");
    } else if (char === "-" && sql[index + 1] === "-") {
      index = skipUntil(sql, index + 2, "\n");
    } else if (char === "/" && sql[index + 1] === "*") {
      index = skipUntil(sql, index + 2, "*/");
    } else if (char === "$" && DOLLAR_TAG.test(sql.slice(index, index + 65))) {
      const tag = DOLLAR_TAG.exec(sql.slice(index, index + 65))![0];

      index = skipUntil(sql, index + tag.length, tag);
    } else if (char === ":" && sql[index + 1] === ":") {
      index += 2;
    } else if (char === ":" && NAME_START.test(sql[index + 1] ?? "") && !NAME_PART.test(sql[index - 1] ?? "")) {
      let end = index + 2;

      while (end < sql.length && NAME_PART.test(sql[end])) end++;
      parts.push(sql.slice(partStart, index));
      names.push(sql.slice(index + 1, end));
      partStart = end;
      index = end;
    } else {
      index++;
    }
  }
  parts.push(sql.slice(partStart));
  return { parts, names };
}

// Returns the index after the closing quote. A doubled quote inside stands for one quote.
function skipQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let index = start + 1;

  while (index < sql.length) {
    if (backslashEscapes && sql[index] === "\\") {
      index += 2;
    } else if (sql[index] === quote) {
      if (sql[index + 1] !== quote) return index + 1;
      index += 2;
    } else {
      index++;
    }
  }
  return index;
}

// Returns the index after `end`, or the text's length when `end` never comes.
function skipUntil(sql: string, start: number, end: string): number {
  const found = sql.indexOf(end, start);

  return found === -1 ? sql.length : found + end.length;
}
