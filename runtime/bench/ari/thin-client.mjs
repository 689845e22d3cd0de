// The two clients that ari-client is compared with. A raw keep-alive request measures the
// loopback round trip alone. The thin ARI REST client does what AriOperations needs from
// ari-client: path and query, Basic auth, the JSON body, and errors with the status and
// Asterisk's message.
import http from "node:http";

/** Builds the keep-alive agent and connection options of both clients for one ARI server. */
export function createConnection(baseUrl, username, password) {
  const url = new URL(baseUrl);

  return {
    agent: new http.Agent({ keepAlive: true }),
    host: url.hostname,
    port: Number(url.port),
    authorization: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`,
  };
}

/** Sends one request and resolves with its status once the body has arrived, reading nothing. */
export function rawRequest(connection, method, path) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { agent: connection.agent, host: connection.host, port: connection.port, method, path, headers: { Authorization: connection.authorization } },
      (response) => {
        response.on("data", () => {});
        response.on("end", () => resolve(response.statusCode));
      },
    );

    request.on("error", reject);
    request.end();
  });
}

/** An ARI request that failed with an error status from Asterisk. */
export class ThinAriError extends Error {
  constructor(operation, status, message) {
    super(`ARI ${operation} failed with status ${status}: ${message}`);
    this.name = "ThinAriError";
    this.status = status;
  }
}

/** The ARI REST calls of the benchmark flow over node:http with a keep-alive agent. */
export class ThinAriClient {
  constructor(connection) {
    this.connection = connection;
  }

  answer(channelId) {
    return this.send("channels.answer", "POST", `/channels/${encodeURIComponent(channelId)}/answer`);
  }

  play(channelId, playbackId, media) {
    return this.send("channels.play", "POST", `/channels/${encodeURIComponent(channelId)}/play`, { playbackId, media });
  }

  hangup(channelId) {
    return this.send("channels.hangup", "DELETE", `/channels/${encodeURIComponent(channelId)}`);
  }

  send(operation, method, path, query) {
    const connection = this.connection;
    const search = query ? `?${new URLSearchParams(query)}` : "";

    return new Promise((resolve, reject) => {
      const request = http.request(
        { agent: connection.agent, host: connection.host, port: connection.port, method, path: `/ari${path}${search}`, headers: { Authorization: connection.authorization } },
        (response) => {
          const chunks = [];

          response.on("data", (chunk) => chunks.push(chunk));
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            const body = text === "" ? undefined : parseJson(text);

            if (response.statusCode >= 400) reject(new ThinAriError(operation, response.statusCode, body?.message ?? body?.error ?? text));
            else resolve(body);
          });
        },
      );

      request.on("error", reject);
      request.end();
    });
  }
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
