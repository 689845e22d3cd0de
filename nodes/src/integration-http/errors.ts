/** The runtime offers the tenant no service that the node needs, so the node cannot run here. */
export class ServiceUnavailableError extends Error {
  readonly code = "service-unavailable";

  constructor(nodeType: string, service: string) {
    super(`${nodeType} needs the ${service} service, which this runtime does not offer the tenant; ask the platform operator to enable it`);
    this.name = "ServiceUnavailableError";
  }
}

/** A response with a status outside 200-299 from a node without an `httpError` port. */
export class HttpStatusError extends Error {
  readonly code = "http-status";
  readonly status: number;

  constructor(method: string, url: string, status: number) {
    super(`${method} ${url} returned status ${status}; turn on the httpError port to handle it in the flow`);
    this.name = "HttpStatusError";
    this.status = status;
  }
}
