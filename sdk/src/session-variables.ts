import type { VariableDeclaration } from "./document.js";
import { REDACTED, type TraceEventInput } from "./trace.js";

/** Data that every session of a flow derives from its variable declarations, computed once per flow. */
interface VariableLayout {
  readonly sensitive: ReadonlySet<string>;
  /** Initial values. A primitive is `shared` by every session; an object or array is copied per session. */
  readonly initials: ReadonlyArray<{ readonly name: string; readonly initial: unknown; readonly shared: boolean }>;
}

// Keyed by the declarations object, which a compiled plan keeps for its whole life.
const layouts = new WeakMap<object, VariableLayout>();

function layoutOf(declarations: Readonly<Record<string, VariableDeclaration>>): VariableLayout {
  let layout = layouts.get(declarations);

  if (layout === undefined) {
    const entries = Object.entries(declarations);

    layout = {
      sensitive: new Set(entries.filter(([, d]) => d.sensitive).map(([name]) => name)),
      initials: entries
        .filter(([, d]) => d.initial !== undefined)
        .map(([name, d]) => ({ name, initial: d.initial, shared: d.initial === null || typeof d.initial !== "object" })),
    };
    layouts.set(declarations, layout);
  }
  return layout;
}

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
    const layout = layoutOf(declarations);

    this.sensitive = layout.sensitive;
    this.trace = trace;
    for (const { name, initial, shared } of layout.initials) this.values[name] = shared ? initial : structuredClone(initial);
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
