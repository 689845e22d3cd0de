import type { AriResponse } from "../http/ari-response.js";
import type { RequestInterceptor, RequestLogEntry } from "../http/http-handler.js";

/**
 * Request filter of a rule. `path` is below `/ari`: a pattern as in the API docs
 * (`/channels/{channelId}/play`, where `{...}` matches one segment), or a regular expression.
 * Without `method` any method matches.
 */
export interface RequestMatcher {
  method?: string;
  path: string | RegExp;
  /** How many matching requests the rule applies to. Default 1. */
  times?: number;
}

/** Rule that replies to matching requests with an error instead of running them. */
export interface FailRule extends RequestMatcher {
  status: number;
  /** Error text; default by status: 404 "Channel not found", 409 "Channel not in Stasis application". */
  message?: string;
  /** Whole body instead of `{"message": ...}`, such as `{"error": "Allocation failed"}`. */
  body?: Record<string, string>;
}

/** Delays matching requests, in virtual milliseconds of the server's clock. */
export interface DelayRule extends RequestMatcher {
  ms: number;
  /** `before`: run the request late (its events are late too). `after`: run it now, reply late. Default before. */
  phase?: "before" | "after";
}

const DEFAULT_MESSAGES: Record<number, string> = {
  400: "Bad Request",
  404: "Channel not found",
  409: "Channel not in Stasis application",
  412: "Channel in invalid state",
  422: "Unprocessable Entity",
  500: "Internal Server Error",
};

interface Armed<T> {
  rule: T;
  left: number;
}

/** Failure and delay rules armed by tests, and the log of every request. */
export class RequestFaults implements RequestInterceptor {
  readonly log: RequestLogEntry[] = [];
  private readonly failures: Array<Armed<FailRule>> = [];
  private readonly delays: Array<Armed<DelayRule>> = [];

  fail(rule: FailRule): void {
    this.failures.push({ rule, left: rule.times ?? 1 });
  }

  delay(rule: DelayRule): void {
    this.delays.push({ rule, left: rule.times ?? 1 });
  }

  clear(): void {
    this.failures.length = 0;
    this.delays.length = 0;
  }

  intercept(method: string, path: string): { reply?: AriResponse; delayBeforeMs?: number; delayAfterMs?: number } {
    const failure = take(this.failures, method, path);
    const delay = take(this.delays, method, path);
    const result: { reply?: AriResponse; delayBeforeMs?: number; delayAfterMs?: number } = {};

    if (failure) {
      const message = failure.message ?? DEFAULT_MESSAGES[failure.status] ?? "Error";

      result.reply = { status: failure.status, body: failure.body ?? { message } };
    }
    if (delay?.phase === "after") result.delayAfterMs = delay.ms;
    else if (delay) result.delayBeforeMs = delay.ms;
    return result;
  }

  record(entry: RequestLogEntry): void {
    this.log.push(entry);
  }
}

function take<T extends RequestMatcher>(armed: Array<Armed<T>>, method: string, path: string): T | undefined {
  const index = armed.findIndex(({ rule }) => (!rule.method || rule.method.toUpperCase() === method) && matchesPath(rule.path, path));

  if (index === -1) return undefined;

  const entry = armed[index];

  entry.left--;
  if (entry.left <= 0) armed.splice(index, 1);
  return entry.rule;
}

function matchesPath(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);

  const expected = pattern.split("/").filter(Boolean);
  const actual = path.split("/").filter(Boolean);

  return expected.length === actual.length && expected.every((segment, index) => segment.startsWith("{") || segment === actual[index]);
}
