import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

import { RequestFaults } from "./control/request-faults.js";
import { TestControl } from "./control/test-control.js";
import { AsteriskCore } from "./core/asterisk.js";
import { checkSteps } from "./engine/dialplan-table.js";
import { EventSocketServer } from "./http/event-socket.js";
import { handleHttp } from "./http/http-handler.js";
import { resolveOptions, type AriTestServerOptions } from "./options.js";
import { createRouter } from "./resources/routes.js";

/**
 * An ARI server on 127.0.0.1 that behaves like Asterisk 22 driving Local channels, for testing
 * ARI clients without Asterisk. Each instance has its own state and credentials, so one process
 * can run several.
 *
 * @example
 * const server = await AriTestServer.start({ users: [{ username: "ari", password: "secret" }] });
 * const client = await require("ari-client").connect(server.url, "ari", "secret");
 * await server.close();
 */
export class AriTestServer {
  readonly control: TestControl;
  /** The TCP port, kept after {@link close}. */
  readonly port: number;
  private readonly events: EventSocketServer;

  private constructor(
    readonly core: AsteriskCore,
    private readonly http: Server,
    events: EventSocketServer,
    faults: RequestFaults,
  ) {
    this.port = (http.address() as AddressInfo).port;
    this.events = events;
    this.control = new TestControl(core, events, faults);
  }

  /** Starts a server and resolves once it listens. */
  static async start(options: AriTestServerOptions = {}): Promise<AriTestServer> {
    const resolved = resolveOptions(options);

    for (const [context, extensions] of Object.entries(resolved.dialplan)) {
      for (const [exten, steps] of Object.entries(extensions)) checkSteps(context, exten, steps);
    }

    const core = new AsteriskCore(resolved);
    const router = createRouter();
    const faults = new RequestFaults();
    const events = new EventSocketServer(core);
    const http = createServer((request, response) => {
      handleHttp(request, response, { core, router, interceptor: faults }).catch((error: unknown) => {
        resolved.logger.error({ err: error }, "ARI test server request failed");
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
    });

    http.on("upgrade", (request, socket, head) => events.handleUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      http.once("error", reject);
      http.listen(resolved.port, "127.0.0.1", () => resolve());
    });

    const server = new AriTestServer(core, http, events, faults);

    resolved.logger.info({ url: server.url }, "ARI test server started");
    return server;
  }

  /** Base URL for `ari-client`'s `connect`, such as `http://127.0.0.1:40123`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops timers, cuts every WebSocket and closes the listener. */
  async close(): Promise<void> {
    this.core.cancelAllTimers();
    this.events.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.core.options.logger.info({ url: this.url }, "ARI test server stopped");
  }
}
