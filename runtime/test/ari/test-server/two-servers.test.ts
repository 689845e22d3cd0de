import ari from "ari-client";
import swagger from "swagger-client";

import { AriTestServer } from "../../../src/ari/test-server/index.js";
import { EventCollector } from "./support/event-collector.js";
import { silenceSwaggerNotice } from "./support/harness.js";
import type { Client } from "./support/test-client.js";

let alpha: AriTestServer;
let bravo: AriTestServer;
const clients: Client[] = [];

async function connect(server: AriTestServer, password: string, app: string): Promise<{ client: Client; collector: EventCollector }> {
  const client = (await ari.connect(server.url, "ari", password)) as unknown as Client;
  const collector = new EventCollector(client);

  clients.push(client);
  await client.start(app);
  return { client, collector };
}

/** Makes swagger-client's shared authorization send `password` again, as a client of one server needs. */
function useCredentials(password: string): void {
  const header = `Basic ${Buffer.from(`ari:${password}`).toString("base64")}`;

  swagger.authorizations.add("basic-auth", {
    apply: (request) => {
      request.headers.Authorization = header;
      return true;
    },
  });
}

beforeEach(async () => {
  silenceSwaggerNotice();
  alpha = await AriTestServer.start({ users: [{ username: "ari", password: "alpha-secret" }] });
  bravo = await AriTestServer.start({ users: [{ username: "ari", password: "bravo-secret" }] });
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.stop();
  await alpha.close();
  await bravo.close();
  jest.restoreAllMocks();
});

describe("two servers in one process", () => {
  test("events reach both clients", async () => {
    const a = await connect(alpha, "alpha-secret", "app-a");
    const b = await connect(bravo, "bravo-secret", "app-b");

    alpha.control.startInboundCall({ app: "app-a" });
    bravo.control.startInboundCall({ app: "app-b" });

    await expect(a.collector.waitFor((event) => event.type === "StasisStart")).resolves.toMatchObject({ application: "app-a" });
    await expect(b.collector.waitFor((event) => event.type === "StasisStart")).resolves.toMatchObject({ application: "app-b" });
  });

  test("REST of the first client uses the last credentials", async () => {
    const a = await connect(alpha, "alpha-secret", "app-a");
    const b = await connect(bravo, "bravo-secret", "app-b");

    await expect(b.client.asterisk.getInfo()).resolves.toMatchObject({ system: { version: "22.10.1" } });
    await expect(a.client.asterisk.getInfo()).rejects.toThrow('{"message":"Authentication required"}');
    expect(alpha.control.requests().at(-1)).toMatchObject({ path: "/asterisk/info", status: 401 });
    expect(alpha.control.requests().at(-1)?.user).toBeUndefined();
  });

  test("re-adding the authorization per call works", async () => {
    const a = await connect(alpha, "alpha-secret", "app-a");
    const b = await connect(bravo, "bravo-secret", "app-b");

    useCredentials("alpha-secret");
    await expect(a.client.asterisk.getInfo()).resolves.toMatchObject({ system: { version: "22.10.1" } });
    useCredentials("bravo-secret");
    await expect(b.client.asterisk.getInfo()).resolves.toMatchObject({ system: { version: "22.10.1" } });
  });

  test("servers keep separate state", async () => {
    const a = await connect(alpha, "alpha-secret", "app-a");

    alpha.control.startInboundCall({ app: "app-a" });
    await a.collector.waitFor((event) => event.type === "StasisStart");

    expect(alpha.control.channels()).toHaveLength(1);
    expect(bravo.control.channels()).toHaveLength(0);
  });
});
