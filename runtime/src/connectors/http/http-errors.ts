/** An attempt that got no complete response within its time limit. */
export class HttpTimeoutError extends Error {
  readonly code = "http-timeout";

  constructor(method: string, url: string, timeoutMs: number) {
    super(`${method} ${url} timed out after ${timeoutMs} ms; raise the node's timeoutMs or check the remote system`);
    this.name = "HttpTimeoutError";
  }
}

/** A URL the client does not send to: not absolute, not http or https, or with credentials in it. */
export class InvalidUrlError extends Error {
  readonly code = "invalid-url";

  constructor(url: string, reason: string) {
    super(`URL "${url}" is invalid: ${reason}`);
    this.name = "InvalidUrlError";
  }
}

/** A redirect the client does not follow: too many in a row, or from https to http. */
export class RedirectError extends Error {
  readonly code = "redirect-not-followed";

  constructor(message: string) {
    super(message);
    this.name = "RedirectError";
  }
}

/** A response the client cannot use: too large, or not the JSON its content type declares. */
export class InvalidResponseError extends Error {
  readonly code = "invalid-response";

  constructor(message: string) {
    super(message);
    this.name = "InvalidResponseError";
  }
}
