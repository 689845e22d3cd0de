import type { IncomingMessage } from "node:http";

import type { AriUser } from "../options.js";

/**
 * Finds the ARI user of a request: HTTP Basic credentials first, then `api_key=user:password` in
 * the query string. Returns undefined when neither names a configured user with that password.
 */
export function authenticate(request: IncomingMessage, query: URLSearchParams, users: AriUser[]): AriUser | undefined {
  const header = request.headers.authorization;

  if (header?.startsWith("Basic ")) {
    const decoded = Buffer.from(header.slice("Basic ".length), "base64").toString("utf8");

    return findUser(users, decoded);
  }

  const apiKey = query.get("api_key");

  return apiKey === null ? undefined : findUser(users, apiKey);
}

function findUser(users: AriUser[], credentials: string): AriUser | undefined {
  const colon = credentials.indexOf(":");

  if (colon === -1) return undefined;

  const username = credentials.slice(0, colon);
  const password = credentials.slice(colon + 1);

  return users.find((user) => user.username === username && user.password === password);
}

/** Asterisk's default `auth_realm` in `ari.conf`. */
export const AUTH_REALM = "Asterisk REST Interface";
