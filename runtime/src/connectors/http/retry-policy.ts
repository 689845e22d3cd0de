import { HttpTimeoutError } from "./http-errors.js";

/** Statuses after which the same idempotent request may succeed. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Socket and resolver error codes of transient failures, which a repeat may not meet. */
const RETRYABLE_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "ECONNABORTED", "EHOSTUNREACH", "ENETUNREACH"]);

/** Maximum delay between attempts in milliseconds, whatever the backoff or `retry-after` requests. */
export const MAX_RETRY_DELAY_MS = 10_000;

/** True when an attempt that ended with this status or error is worth repeating. */
export function isRetryable(outcome: { status: number } | { error: unknown }): boolean {
  if ("status" in outcome) return RETRYABLE_STATUSES.has(outcome.status);
  if (outcome.error instanceof HttpTimeoutError) return true;
  const code = (outcome.error as { code?: unknown } | undefined)?.code;

  return typeof code === "string" && RETRYABLE_CODES.has(code);
}

/**
 * Returns the delay before repeat number `retry` (1 for the first): `backoffMs` doubled for each
 * earlier repeat, or a longer `retry-after` in seconds, at most {@link MAX_RETRY_DELAY_MS}.
 */
export function retryDelayMs(retry: number, backoffMs: number, retryAfter?: string): number {
  const backoff = backoffMs * 2 ** (retry - 1);
  const seconds = retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter) * 1000 : 0;

  return Math.min(Math.max(backoff, seconds), MAX_RETRY_DELAY_MS);
}

/** Waits `ms` milliseconds, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);

    signal.addEventListener("abort", onAbort, { once: true });
  });
}
