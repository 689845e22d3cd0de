import type { AddressInfo } from "node:net";
import type { Server } from "node:http";

import type { CallflowDatabase } from "@callflow/db";
import { createNodeRegistry } from "@callflow/nodes";

import { createApiServer, type ApiServerOptions } from "../../../src/api/create-api-server.js";

/** An API server on 127.0.0.1 with a client for it. */
export interface ApiHarness {
  baseUrl: string;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  // Every response body is a JSON object; tests read the fields they assert on.
  body: Record<string, any>;
}

/** Starts an API server on a free port of 127.0.0.1. */
export async function startApi(db: CallflowDatabase, options: Partial<ApiServerOptions> = {}): Promise<ApiHarness> {
  const server: Server = createApiServer({ db, registry: createNodeRegistry(), ...options });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    async request(method, path, requestOptions = {}) {
      const headers: Record<string, string> = { ...requestOptions.headers };

      if (requestOptions.token) headers.authorization = `Bearer ${requestOptions.token}`;
      if (requestOptions.body !== undefined) headers["content-type"] ??= "application/json";

      let body: string | undefined;

      if (typeof requestOptions.body === "string") body = requestOptions.body;
      else if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);

      const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
      const text = await response.text();

      return { status: response.status, headers: response.headers, body: text === "" ? undefined : JSON.parse(text) };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
