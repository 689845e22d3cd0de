import { AriError } from "./ari-response.js";

/**
 * Parameters of one ARI request: path parameters, then the query string, then the members of a
 * JSON object body, which win over the query as in Asterisk's generated handlers. A repeated
 * query parameter keeps its last value.
 */
export class RequestParams {
  private readonly values = new Map<string, unknown>();

  constructor(
    readonly path: Record<string, string>,
    query: URLSearchParams,
    readonly body: Record<string, unknown> | undefined,
  ) {
    for (const [name, value] of query) this.values.set(name, value);
    for (const [name, value] of Object.entries(body ?? {})) this.values.set(name, value);
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  string(name: string): string | undefined {
    const value = this.values.get(name);

    if (value === undefined || value === null) return undefined;
    return typeof value === "string" ? value : String(value);
  }

  requiredPath(name: string): string {
    return this.path[name];
  }

  /** Reads an integer, as Asterisk's `atoi` does: text that is not a number gives 0. */
  integer(name: string, fallback: number): number {
    const text = this.string(name);

    if (text === undefined || text === "") return fallback;

    const value = Number.parseInt(text, 10);

    return Number.isNaN(value) ? 0 : value;
  }

  /** Reads a boolean, as Asterisk's `ast_true` does: yes, true, y, t, 1 and on are true. */
  boolean(name: string, fallback: boolean): boolean {
    const text = this.string(name);

    if (text === undefined) return fallback;
    return ["yes", "true", "y", "t", "1", "on"].includes(text.toLowerCase());
  }

  /** Reads a comma-separated list (`allowMultiple` in the API docs). A JSON array works too. */
  list(name: string): string[] {
    const value = this.values.get(name);

    if (Array.isArray(value)) return value.map(String).filter((item) => item !== "");
    const text = this.string(name);

    return text === undefined ? [] : text.split(",").map((item) => item.trim()).filter((item) => item !== "");
  }

  /** Reads the `variables` object of originate and create: `{"variables": {"NAME": "value"}}`. */
  variables(): Record<string, string> {
    const raw = this.values.get("variables");

    if (raw === undefined) return {};
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new AriError(400, "Variables must be a JSON object");

    return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value)]));
  }
}
