import type { VariableDeclaration } from "./document.js";
import { REDACTED, type TraceEventInput } from "./trace.js";

/**
 * The variables of one session. Expressions read {@link SessionVariables.values} directly; writes
 * go through {@link SessionVariables.set} so each change is traced, with sensitive values redacted.
 */
export class SessionVariables {
  /** Current values. A null-prototype object, so paths such as `constructor` find nothing. */
  readonly values: Record<string, unknown> = Object.create(null);
  private readonly sensitive: ReadonlySet<string>;
  private readonly trace: ((event: TraceEventInput) => void) | undefined;

  constructor(declarations: Readonly<Record<string, VariableDeclaration>>, trace?: (event: TraceEventInput) => void) {
    this.sensitive = new Set(Object.entries(declarations).filter(([, d]) => d.sensitive).map(([name]) => name));
    this.trace = trace;
    for (const [name, declaration] of Object.entries(declarations)) {
      if (declaration.initial !== undefined) this.values[name] = structuredClone(declaration.initial);
    }
  }

  get(name: string): unknown {
    return this.values[name];
  }

  set(name: string, value: unknown): void {
    this.values[name] = value;
    if (!this.trace) return;
    const sensitive = this.sensitive.has(name);

    this.trace({ type: "variable.changed", name, value: sensitive ? REDACTED : value, sensitive });
  }

  isSensitive(name: string): boolean {
    return this.sensitive.has(name);
  }

  /** A copy of the values with sensitive ones redacted, for logs. */
  redacted(): Record<string, unknown> {
    const copy: Record<string, unknown> = {};

    for (const [name, value] of Object.entries(this.values)) copy[name] = this.sensitive.has(name) ? REDACTED : value;
    return copy;
  }
}
