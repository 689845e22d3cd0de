import { compileFlow, MemoryTraceSink, SimulatedChannel, VirtualClock } from "@callflow/sdk";
import { createNodeRegistry } from "@callflow/nodes";

import { createConnectorServices } from "../../src/connectors/connector-services.js";
import { Session } from "../../src/session/session.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./support/local-http-server.js";
import { watchedConnections } from "./support/watched-connections.js";

let crm: LocalHttpServer;

beforeAll(async () => {
  crm = await startLocalHttpServer((request, response) => sendJson(response, 200, { tier: request.url.endsWith("/0912") ? "VIP" : "standard" }));
});

afterAll(() => crm.close());

function lookupFlow(origin: string): unknown {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Lookup" },
    languages: ["en"],
    entry: "lookup",
    nodes: [
      { id: "lookup", type: "integration.http", config: { url: `${origin}/customers/{{ caller }}`, outputs: [{ variable: "tier", value: "response.body.tier" }] } },
      { id: "end", type: "flow.end" },
      { id: "failed", type: "flow.end" },
    ],
    edges: [
      { from: "lookup", port: "next", to: "end" },
      { from: "lookup", port: "error", to: "failed" },
    ],
  };
}

async function runCall(allow: string[]): Promise<{ tier: unknown; path: string[] }> {
  const compiled = compileFlow(lookupFlow(crm.origin), { registry: createNodeRegistry() });

  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join("\n"));
  const connectors = createConnectorServices({ allow, openConnection: watchedConnections().open });
  const clock = new VirtualClock(0);
  const sink = new MemoryTraceSink();
  const channel = new SimulatedChannel({ clock, caller: "0912" });

  try {
    const result = await new Session({ plan: compiled.plan, channel, clock, sink, services: connectors.services }).run();

    return { tier: result.variables.tier, path: sink.events.flatMap((e) => (e.type === "node.entered" ? [e.nodeId] : [])) };
  } finally {
    connectors.close();
  }
}

describe("a session with the tenant's connector services", () => {
  it("reaches an allowed system through integration.http", async () => {
    const call = await runCall([`127.0.0.1:${crm.port}`]);

    expect(call.tier).toBe("VIP");
    expect(call.path).toEqual(["lookup", "end"]);
  });

  it("leaves by the error port when the guard blocks the destination", async () => {
    const call = await runCall([]);

    expect(call.tier).toBeUndefined();
    expect(call.path).toEqual(["lookup", "failed"]);
  });
});
