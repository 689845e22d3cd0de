import { sendJson, startLocalHttpServer, type LocalHttpServer } from "../connectors/support/local-http-server.js";
import { runCli, writeTempFiles } from "./support/run-cli.js";

const MONDAY_10AM = "2026-12-07T10:00:00+08:00";

let crm: LocalHttpServer;

// A script that reads a balance through the flow's `crm` connector.
function balanceFlow(): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Script HTTP" },
    languages: ["en"],
    entry: "start",
    variables: { balance: { type: "number" } },
    nodes: [
      { id: "start", type: "call.inbound" },
      { id: "lookup", type: "logic.script", config: { code: "const response = await host.http.get('balance');\nreturn { balance: response.body.balance };", outputs: ["balance"], httpConnectors: ["crm"] } },
      { id: "end", type: "call.hangup" },
    ],
    edges: [
      { from: "start", port: "next", to: "lookup" },
      { from: "lookup", port: "next", to: "end" },
      { from: "lookup", port: "error", to: "end" },
    ],
  };
}

function connectorsFile(): string {
  return [
    `allow: ["127.0.0.1:${crm.port}"]`,
    "connectors:",
    "  - name: crm",
    "    kind: http",
    `    settings: { baseUrl: "${crm.origin}/api/" }`,
    "    secret: crm-token",
    "secrets:",
    "  crm-token: { type: bearer, token: cli-token }",
    "",
  ].join("\n");
}

beforeAll(async () => {
  crm = await startLocalHttpServer((request, response) => sendJson(response, 200, { balance: request.headers.authorization === "Bearer cli-token" ? 52300 : 0 }));
});

afterAll(() => crm.close());

beforeEach(() => {
  crm.requests.length = 0;
});

describe("callflow run with script HTTP", () => {
  it("calls the connectors file's connector", async () => {
    const folder = writeTempFiles({ "flow.json": balanceFlow(), "connectors.yaml": connectorsFile() });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));

    expect(events).toContainEqual(expect.objectContaining({ type: "variable.changed", name: "balance", value: 52300 }));
    expect(crm.requests.map((request) => request.url)).toEqual(["/api/balance"]);
  });

  it("fails the script without a connectors file", async () => {
    const folder = writeTempFiles({ "flow.json": balanceFlow() });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));
    const failure = events.find((event) => event.type === "node.error");

    expect(failure?.message).toContain('http connector "crm" is not found');
    expect(crm.requests).toHaveLength(0);
  });
});
