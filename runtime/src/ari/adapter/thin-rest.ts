import http from "node:http";

import { AriRequestError, type AriFailure } from "./ari-errors.js";
import type { AriEndpoint, AriOperationName, AriParams } from "./ari-transport.js";

/** Method and path template of each operation, from Asterisk's API declarations (ARI 9, Asterisk 22). */
const ROUTES: Record<AriOperationName, { method: string; path: string }> = {
  "channels.answer": { method: "POST", path: "/channels/{channelId}/answer" },
  "channels.hangup": { method: "DELETE", path: "/channels/{channelId}" },
  "channels.play": { method: "POST", path: "/channels/{channelId}/play" },
  "channels.record": { method: "POST", path: "/channels/{channelId}/record" },
  "channels.originateWithId": { method: "POST", path: "/channels/{channelId}" },
  "channels.continueInDialplan": { method: "POST", path: "/channels/{channelId}/continue" },
  "channels.sendDTMF": { method: "POST", path: "/channels/{channelId}/dtmf" },
  "channels.setChannelVar": { method: "POST", path: "/channels/{channelId}/variable" },
  "channels.getChannelVar": { method: "GET", path: "/channels/{channelId}/variable" },
  "channels.list": { method: "GET", path: "/channels" },
  "playbacks.stop": { method: "DELETE", path: "/playbacks/{playbackId}" },
  "bridges.create": { method: "POST", path: "/bridges" },
  "channels.startMoh": { method: "POST", path: "/channels/{channelId}/moh" },
  "channels.stopMoh": { method: "DELETE", path: "/channels/{channelId}/moh" },
  "bridges.addChannel": { method: "POST", path: "/bridges/{bridgeId}/addChannel" },
  "bridges.removeChannel": { method: "POST", path: "/bridges/{bridgeId}/removeChannel" },
  "bridges.destroy": { method: "DELETE", path: "/bridges/{bridgeId}" },
};

// Parameters that travel in a JSON body, wrapped in an object of the same name, as
// `{"variables": {"NAME": "value"}}`. Every other parameter goes in the path or the query string.
const BODY_PARAMS = new Set(["variables"]);

// Asterisk's HTTP server serves at most `sessionlimit` connections (http.conf) and closes a
// keep-alive connection idle for `session_keep_alive` ms. The pool stays well under the first
// and drops idle sockets before the second, so a request never goes out on a socket that
// Asterisk is closing.
// NOTE: both limits are Asterisk settings; a server configured below these values needs them lowered.
const MAX_SOCKETS = 50;
const IDLE_SOCKET_MS = 10_000;

interface CompiledRoute {
  method: string;
  /** Literal path parts, with a parameter name between each two. */
  literals: string[];
  names: string[];
}

const COMPILED = new Map<string, CompiledRoute>(
  Object.entries(ROUTES).map(([operation, route]) => {
    const parts = route.path.split(/\{(\w+)\}/);

    return [operation, { method: route.method, literals: parts.filter((_, i) => i % 2 === 0), names: parts.filter((_, i) => i % 2 === 1) }];
  }),
);

/**
 * ARI's REST requests over a keep-alive `node:http` agent: the path and query string built from
 * the parameters, Basic authorization, and errors classified by their HTTP status.
 */
export class ThinRest {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS });
  private readonly host: string;
  private readonly port: number;
  /** `/ari` below the server URL's own path, as in `http://pbx:8088/asterisk/ari`. */
  private readonly prefix: string;
  private readonly headers: Record<string, string>;

  constructor(server: AriEndpoint) {
    const url = new URL(server.url);

    if (url.protocol !== "http:") throw new Error(`ARI URL ${server.url} is not supported by the thin client; use an http:// URL, or set the ari-client client`);
    this.host = url.hostname;
    this.port = Number(url.port || 80);
    this.prefix = `${url.pathname.replace(/\/+$/, "")}/ari`;
    this.headers = { Authorization: `Basic ${Buffer.from(`${server.username}:${server.password}`).toString("base64")}` };
  }

  /** Returns the events WebSocket's URL and the headers to open it with. */
  eventsTarget(app: string): { url: string; headers: Record<string, string> } {
    return { url: `ws://${this.host}:${this.port}${this.prefix}/events?app=${encodeURIComponent(app)}`, headers: this.headers };
  }

  /** Sends one operation; `timeoutMs` bounds the wait for the response. */
  request(operation: AriOperationName, params: AriParams, timeoutMs: number): Promise<unknown> {
    const route = COMPILED.get(operation)!;
    let path = this.prefix + route.literals[0];
    let query = "";
    let body: string | undefined;

    for (let i = 0; i < route.names.length; i++) path += encodeURIComponent(String(params[route.names[i]])) + route.literals[i + 1];
    for (const name in params) {
      const value = params[name];

      if (value === undefined || route.names.includes(name)) continue;
      if (BODY_PARAMS.has(name)) body = JSON.stringify({ [name]: value });
      else query += `${query === "" ? "?" : "&"}${name}=${encodeURIComponent(String(value))}`;
    }
    return this.send(operation, route.method, path + query, body, timeoutMs);
  }

  /** Reads a document such as `/api-docs/events.json` below the ARI prefix. */
  get(path: string, timeoutMs: number): Promise<unknown> {
    return this.send(`GET ${path}`, "GET", this.prefix + path, undefined, timeoutMs);
  }

  /** Closes the kept-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private send(operation: string, method: string, path: string, body: string | undefined, timeoutMs: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const headers = body === undefined ? this.headers : { ...this.headers, "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)) };
      const request = http.request({ agent: this.agent, host: this.host, port: this.port, method, path, headers, timeout: timeoutMs }, (response) => {
        const status = response.statusCode ?? 0;

        if (status === 204) {
          response.resume();
          resolve(undefined);
          return;
        }
        let text = "";

        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          text += chunk;
        });
        response.on("end", () => {
          if (status < 300) resolve(parseBody(text));
          else reject(toStatusError(operation, status, text));
        });
      });

      request.on("timeout", () => request.destroy(new AriRequestError(operation, "unavailable", `no response within ${timeoutMs} ms`)));
      request.on("error", reject);
      request.end(body);
    });
  }
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Builds the error of a response with status 300 or more, from Asterisk's `{"message": ...}` or `{"error": ...}` body. */
export function toStatusError(operation: string, status: number, text: string): AriRequestError {
  const body = parseBody(text) as { message?: unknown; error?: unknown } | string | undefined;
  const message = typeof body === "object" && typeof body.message === "string" ? body.message : typeof body === "object" && typeof body.error === "string" ? body.error : text;

  return new AriRequestError(operation, classifyStatus(status, message), `${message} (HTTP ${status})`);
}

/**
 * Classifies an error response by status. Asterisk 22 returns 409 both for a channel that left
 * Stasis and for other state conflicts, and 400 "Channel not found" for an unknown channel
 * added to a bridge, so those two statuses also read the message.
 */
export function classifyStatus(status: number, message: string): AriFailure {
  if (status === 404) return "not-found";
  if (status === 409) return /not in Stasis application/i.test(message) ? "not-in-stasis" : "conflict";
  if (status === 412 || status === 422) return "conflict";
  if (status === 400) return /not found/i.test(message) ? "not-found" : "invalid";
  return "server";
}
