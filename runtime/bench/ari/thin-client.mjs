// The raw keep-alive request that the ARI clients are compared with: it measures the loopback
// round trip alone, reading nothing of the response.
import http from "node:http";

/** Builds the keep-alive agent and connection options of the raw request for one ARI server. */
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
