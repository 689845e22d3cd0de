import type { NodeContext } from "@callflow/sdk";

/** The script's return value does not fit the node's outputs. */
export class ScriptOutputError extends Error {
  readonly code = "script-invalid-result";

  constructor(message: string) {
    super(message);
    this.name = "ScriptOutputError";
  }
}

/**
 * Sets the output variables from the script's return value: an object whose keys are among
 * `outputs`, or undefined for none. Every key is checked before any variable is set, so a bad
 * result changes nothing.
 */
export function assignOutputs(ctx: NodeContext, outputs: readonly string[], value: unknown): void {
  if (value === undefined) return;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;

    throw new ScriptOutputError(`the script returned ${got}; return an object such as { ${outputs[0] ?? "total"}: 42 }, or nothing`);
  }
  const result = value as Record<string, unknown>;
  const unknown = Object.keys(result).filter((key) => !outputs.includes(key));

  if (unknown.length > 0) {
    const declared = outputs.length === 0 ? "the node has no outputs" : `its outputs are ${outputs.join(", ")}`;

    throw new ScriptOutputError(`the script returned ${unknown.join(", ")}, but ${declared}; add the name to the node's outputs or leave it out of the result`);
  }
  for (const name of outputs) {
    if (Object.hasOwn(result, name)) ctx.variables.set(name, result[name]);
  }
}
