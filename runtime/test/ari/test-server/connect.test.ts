import { EVENT_TYPES } from "../../../src/ari/test-server/index.js";
import { APP, silenceSwaggerNotice, startHarness, type Harness } from "./support/harness.js";

let harness: Harness;

beforeEach(async () => {
  silenceSwaggerNotice();
  harness = await startHarness({ users: [{ username: "asterisk", password: "asterisk" }, { username: "viewer", password: "v", readOnly: true }] });
});

afterEach(async () => {
  await harness.close();
  jest.restoreAllMocks();
});

function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${harness.server.url}/ari${path}`, { headers });
}

const basic = (credentials: string) => ({ Authorization: `Basic ${Buffer.from(credentials).toString("base64")}` });

describe("connecting", () => {
  test("ari-client downloads every declaration", async () => {
    const docs = harness.server.control
      .requests()
      .filter((entry) => entry.path.startsWith("/api-docs/"))
      .map((entry) => [entry.path, entry.status, entry.user]);

    expect(docs).toEqual([
      ["/api-docs/resources.json", 401, undefined],
      ["/api-docs/resources.json", 200, "asterisk"],
      ...["asterisk", "endpoints", "channels", "bridges", "recordings", "sounds", "playbacks", "events", "applications"].map((name) => [`/api-docs/${name}.json`, 200, "asterisk"]),
    ]);
  });

  test("declarations carry this host's basePath", async () => {
    const listing = (await (await get("/api-docs/resources.json", basic("asterisk:asterisk"))).json()) as { basePath: string };
    const channels = await (await get("/api-docs/channels.json", basic("asterisk:asterisk"))).json();

    expect(listing.basePath).toBe(`${harness.server.url}/ari`);
    expect(channels).toMatchObject({ basePath: `${harness.server.url}/ari`, resourcePath: "/api-docs/channels.{format}", swaggerVersion: "1.1" });
  });

  test("events declaration models every event", async () => {
    const events = (await (await get("/api-docs/events.json", basic("asterisk:asterisk"))).json()) as { models: Record<string, unknown> };
    const sent = new Set(harness.server.control.events().map((item) => item.event.type));

    expect(Object.keys(events.models)).toEqual(expect.arrayContaining(["Message", "Event", ...EVENT_TYPES]));
    expect([...sent].filter((type) => !EVENT_TYPES.includes(type as string))).toEqual([]);
    expect(EVENT_TYPES).toHaveLength(21);
  });

  test("asterisk info answers", async () => {
    const info = await harness.client.asterisk.getInfo();

    expect(info.system).toEqual({ version: "22.10.1", entity_id: "02:42:ac:11:00:02" });
    expect(Object.keys(await harness.client.asterisk.getInfo({ only: "status" }))).toEqual(["status"]);
  });

  test("application is listed while connected", async () => {
    const app = await harness.client.applications.get({ applicationName: APP });

    expect(app).toMatchObject({ name: APP, channel_ids: [], bridge_ids: [] });
  });
});

describe("authentication", () => {
  test("no credentials is 401", async () => {
    const response = await get("/asterisk/info");

    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toBe('Basic realm="Asterisk REST Interface"');
    expect(await response.json()).toEqual({ message: "Authentication required" });
  });

  test("wrong password is 401", async () => {
    expect((await get("/asterisk/info", basic("asterisk:wrong"))).status).toBe(401);
    expect((await get("/asterisk/info?api_key=asterisk:wrong")).status).toBe(401);
  });

  test("api_key is accepted", async () => {
    expect((await get("/asterisk/info?api_key=asterisk:asterisk")).status).toBe(200);
  });

  test("read-only user cannot POST", async () => {
    const response = await fetch(`${harness.server.url}/ari/bridges`, { method: "POST", headers: basic("viewer:v") });

    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: "Write access denied" });
    expect((await get("/bridges", basic("viewer:v"))).status).toBe(200);
  });

  test("WebSocket with wrong key is 401", async () => {
    const { WebSocket } = await import("ws");
    const socket = new WebSocket(`${harness.server.url.replace("http", "ws")}/ari/events?app=x&api_key=asterisk:wrong`);
    const status = await new Promise<number>((resolve) => socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0)));

    expect(status).toBe(401);
  });
});

describe("routing", () => {
  test("unknown path is 404", async () => {
    const response = await get("/nothing/here", basic("asterisk:asterisk"));

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "Resource not found" });
  });

  test("wrong method is 405", async () => {
    const response = await fetch(`${harness.server.url}/ari/asterisk/info`, { method: "DELETE", headers: basic("asterisk:asterisk") });

    expect(response.status).toBe(405);
  });

  test.each([
    [{}, 400, { message: "Endpoint must be specified" }],
    [{ endpoint: "Local" }, 400, { message: "Invalid endpoint specified" }],
    [{ endpoint: "Local/1@default" }, 400, { message: "Application or extension must be specified" }],
    [{ endpoint: "DAHDI/1", app: APP }, 500, { error: "Allocation failed" }],
  ])("originate %j is %i", async (query, status, body) => {
    const response = await fetch(`${harness.server.url}/ari/channels?${new URLSearchParams(query as Record<string, string>)}`, { method: "POST", headers: basic("asterisk:asterisk") });

    expect(response.status).toBe(status);
    expect(await response.json()).toEqual(body);
  });

  test("originate with used channelId is 409", async () => {
    await harness.client.channels.originate({ endpoint: "Local/1@default", app: APP, channelId: "taken" });

    await expect(harness.client.channels.originate({ endpoint: "Local/1@default", app: APP, channelId: "taken" })).rejects.toThrow(
      '{"message":"Channel with given unique ID already exists"}',
    );
  });

  test("JSON body parameters work", async () => {
    const response = await fetch(`${harness.server.url}/ari/channels`, {
      method: "POST",
      headers: { ...basic("asterisk:asterisk"), "Content-Type": "application/json" },
      body: JSON.stringify({ endpoint: "Local/1@default", app: APP, variables: { A: "1" } }),
    });
    const channel = (await response.json()) as { id: string };

    expect(response.status).toBe(200);
    expect(await harness.client.channels.getChannelVar({ channelId: channel.id, variable: "A" })).toEqual({ value: "1" });
  });
});
