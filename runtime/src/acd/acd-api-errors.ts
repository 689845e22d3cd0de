import { ApiError } from "../api/api-error.js";
import { AcdError } from "./acd-error.js";

const NOT_FOUND_ENTITIES: Partial<Record<AcdError["code"], string>> = {
  "agent-not-found": "agent",
  "queue-not-found": "queue",
  "call-not-found": "call",
};

/** Maps an error of the ACD engine to the API's error; other errors pass through unchanged. */
export function toAcdApiError(error: unknown): unknown {
  if (!(error instanceof AcdError)) return error;
  const entity = NOT_FOUND_ENTITIES[error.code];

  if (entity !== undefined) return new ApiError(404, "not-found", { entity });
  if (error.code === "invalid-config") return new ApiError(400, "invalid-request", { detail: error.message });
  if (error.code === "engine-stopped") return new ApiError(503, "acd-unavailable");
  return new ApiError(409, "acd-conflict", { detail: error.message });
}
