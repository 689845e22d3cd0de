import type { ScriptLogEntry } from "@callflow/nodes";

import type { WorkerMessage } from "./sandbox-protocol.js";

const LOG_LEVELS = new Set(["debug", "info", "warn", "error"]);

const isId = (value: unknown): boolean => Number.isSafeInteger(value);

const isTiming = (value: unknown): boolean => Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "number" && Number.isFinite(part));

function isLogs(value: unknown): value is ScriptLogEntry[] {
  if (!Array.isArray(value)) return false;
  return value.every((entry: unknown) => {
    const { level, message } = (entry ?? {}) as Record<string, unknown>;

    return LOG_LEVELS.has(level as string) && typeof message === "string";
  });
}

/**
 * Checks that a message from a worker process follows the protocol. A worker runs tenant code,
 * so the parent trusts nothing it sends: a malformed message means the worker is broken or was
 * taken over, and the parent kills it rather than let the message throw in its own handlers.
 */
export function isWorkerMessage(message: unknown): message is WorkerMessage {
  if (message === null || typeof message !== "object") return false;
  const fields = message as Record<string, unknown>;

  switch (fields.type) {
    case "ready":
    case "pong":
      return true;
    case "cancelled":
      return isId(fields.id);
    case "result":
      return isId(fields.id) && (fields.value === undefined || typeof fields.value === "string") && isLogs(fields.logs) && isTiming(fields.timing);
    case "failure":
      return isId(fields.id) && typeof fields.code === "string" && typeof fields.message === "string" && isLogs(fields.logs) && isTiming(fields.timing);
    case "host-call":
      return isId(fields.id) && isId(fields.callId) && typeof fields.path === "string" && typeof fields.args === "string";
    default:
      return false;
  }
}
