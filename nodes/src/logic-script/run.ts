import { defineNode, type NodeContext } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { sensitiveRedactor } from "./redaction.js";
import { SCRIPT_SERVICE, type ScriptLogEntry, type ScriptRequest, type ScriptResult } from "./script-service.js";
import { assignOutputs } from "./script-outputs.js";
import { logicScriptSpec } from "./spec.js";

/** A script failure whose message was stripped of sensitive input values; the code is the sandbox's. */
export class ScriptFailedError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ScriptFailedError";
    this.code = code;
  }
}

export const logicScriptNode = defineNode(logicScriptSpec, async (ctx, config) => {
  const sandbox = ctx.services?.get(SCRIPT_SERVICE);

  if (sandbox === undefined) throw new ServiceUnavailableError(ctx.node.type, "script sandbox");
  const redact = sensitiveRedactor(ctx, config.inputs);
  const request: ScriptRequest = { code: config.code, inputs: readInputs(ctx, config.inputs), timeoutMs: config.timeoutMs, now: ctx.clock.now() };
  const httpConnectors = config.httpConnectors ?? [];
  let result: ScriptResult;

  try {
    // A request without connectors keeps its shape, so runtimes that offer scripts no HTTP see no change.
    result = await sandbox.run(httpConnectors.length === 0 ? request : { ...request, httpConnectors }, { signal: ctx.signal, call: ctx.call });
  } catch (error) {
    writeLogs(ctx, (error as { logs?: readonly ScriptLogEntry[] }).logs ?? [], redact);
    throw withoutSecrets(error, redact);
  }
  writeLogs(ctx, result.logs, redact);
  assignOutputs(ctx, config.outputs, result.value);
  return "next";
});

// A null-prototype object, so an input named __proto__ stays an ordinary key.
function readInputs(ctx: NodeContext, names: readonly string[]): Record<string, unknown> {
  const inputs: Record<string, unknown> = Object.create(null);

  for (const name of names) inputs[name] = ctx.variables.get(name);
  return inputs;
}

function writeLogs(ctx: NodeContext, logs: readonly ScriptLogEntry[], redact: (text: string) => string): void {
  for (const { level, message } of logs) {
    const text = redact(message);

    ctx.log[level]({ scriptLog: text }, "script log");
    ctx.trace({ type: "log", nodeId: ctx.node.id, level, message: text });
  }
}

function withoutSecrets(error: unknown, redact: (text: string) => string): unknown {
  if (!(error instanceof Error)) return error;
  const message = redact(error.message);

  if (message === error.message) return error;
  const code = (error as { code?: unknown }).code;

  return new ScriptFailedError(typeof code === "string" ? code : "script-error", message);
}
