import { chosenTenantId, sessionStore } from "./session-store";

/** An error response of the API, with its stable code and its message in the session's locale. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiRequestError";
  }
}

interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  locale?: string;
}

let currentLocale = "en";

/** Sets the locale sent as Accept-Language, so API errors come back in the interface locale. */
export function setApiLocale(locale: string): void {
  currentLocale = locale;
}

/** Sends a request to the runtime service's API through the studio's same-origin rewrite. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const stored = sessionStore.get();
  const tenantId = chosenTenantId(stored);
  const headers: Record<string, string> = { accept: "application/json", "accept-language": options.locale ?? currentLocale };

  if (stored?.token) headers.authorization = `Bearer ${stored.token}`;
  if (tenantId) headers["x-callflow-tenant"] = tenantId;
  if (options.body !== undefined) headers["content-type"] = "application/json";

  const response = await fetch(path, {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });

  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};

  if (!response.ok) {
    const error = (body.error ?? body) as { code?: string; message?: string; details?: unknown };
    throw new ApiRequestError(response.status, error.code ?? "unknown", error.message ?? `HTTP ${response.status}`, error.details);
  }
  return body as T;
}
