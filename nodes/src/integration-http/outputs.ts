import { compileExpression, evaluateExpression, type CompiledExpression, type NodeContext, type PrepareTools } from "@callflow/sdk";
import { z } from "zod";

import { expressionSchema, variableNameSchema } from "../shared/schemas.js";

/** Variables set from a reply: each expression reads the reply under a fixed name, and the flow's variables. */
export const outputsSchema = z.array(z.object({ variable: variableNameSchema, value: expressionSchema })).max(50).default([]);

/** An output with its compiled expression. */
export interface PreparedOutput {
  readonly variable: string;
  readonly value: CompiledExpression;
}

/**
 * Compiles output expressions that read `binding` (such as `response`) besides the flow's
 * variables. The binding is not a flow variable, so it is not declared as a read and the
 * compiler does not warn that no node writes it.
 * NOTE: these expressions get the default expression limits, not the flow's own.
 */
export function prepareOutputs(outputs: ReadonlyArray<{ variable: string; value: string }>, binding: string, tools: PrepareTools, pointer: string): PreparedOutput[] {
  return outputs.map((output, index) => {
    tools.writes(output.variable);
    return { variable: output.variable, value: compileOutput(output.value, binding, tools, `${pointer}/${index}/value`) };
  });
}

/** Sets each output's variable in order, so a later output reads an earlier one's value. */
export async function assignOutputs(ctx: NodeContext, outputs: readonly PreparedOutput[], binding: string, reply: unknown): Promise<void> {
  if (outputs.length === 0) return;
  // Null prototype like the session's own values, so a path such as `constructor` finds nothing.
  const scope: Record<string, unknown> = Object.assign(Object.create(null), ctx.variables.values, { [binding]: reply });
  const environment = { now: () => ctx.clock.now() };

  for (const output of outputs) {
    const value = await evaluateExpression(output.value, scope, environment);

    ctx.variables.set(output.variable, value);
    scope[output.variable] = value;
  }
}

function compileOutput(source: string, binding: string, tools: PrepareTools, pointer: string): CompiledExpression {
  let compiled: CompiledExpression;

  try {
    compiled = compileExpression(source);
  } catch {
    // Compiling through the tools records the syntax problem against the pointer.
    return tools.expression(source, pointer);
  }
  for (const name of compiled.reads) if (name !== binding) tools.reads(name);
  return compiled;
}
