/** Stable codes of {@link AcdError}. */
export type AcdErrorCode =
  | "invalid-config"
  | "queue-not-found"
  | "agent-not-found"
  | "call-exists"
  | "call-not-found"
  | "offer-not-found"
  | "invalid-state"
  | "agent-on-call"
  | "engine-stopped";

/** A request the ACD engine cannot carry out, with a stable code and the values involved. */
export class AcdError extends Error {
  constructor(
    readonly code: AcdErrorCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "AcdError";
  }
}
