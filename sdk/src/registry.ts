import type { NodeDefinition, NodeSpec } from "./node-spec.js";

/** Registering a node type twice. */
export class DuplicateNodeTypeError extends Error {
  readonly code = "duplicate-node-type";

  constructor(type: string) {
    super(`node type "${type}" is already registered; give the new node another type name, or bump its version instead`);
    this.name = "DuplicateNodeTypeError";
  }
}

/**
 * Node types by name. The compiler looks specs up here, the interpreter run functions. One
 * registry holds either specs only (browser, compiler) or full definitions (runtime).
 */
export class NodeRegistry<Entry extends { spec: NodeSpec<any, any> } = NodeDefinition<any, any>> {
  private readonly entries = new Map<string, Entry>();

  constructor(entries: Iterable<Entry> = []) {
    for (const entry of entries) this.register(entry);
  }

  /** @throws DuplicateNodeTypeError when the type is already registered */
  register(entry: Entry): this {
    const type = entry.spec.type;

    if (this.entries.has(type)) throw new DuplicateNodeTypeError(type);
    this.entries.set(type, entry);
    return this;
  }

  get(type: string): Entry | undefined {
    return this.entries.get(type);
  }

  has(type: string): boolean {
    return this.entries.has(type);
  }

  /** Every registered entry, in registration order. */
  list(): Entry[] {
    return [...this.entries.values()];
  }
}

/** A registry of specs alone, as the browser and compiler use. */
export type SpecRegistry = NodeRegistry<{ spec: NodeSpec<any, any> }>;

/** Builds a spec registry from a list of specs. */
export function specRegistry(specs: Iterable<NodeSpec<any, any>>): SpecRegistry {
  return new NodeRegistry([...specs].map((spec) => ({ spec })));
}
