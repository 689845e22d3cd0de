import { ACD_SERVICE } from "@callflow/nodes";
import { MemoryTraceSink, parseCallerScript, realClock, SimulatedChannel } from "@callflow/sdk";

import { AcdEngine } from "../../src/acd/acd-engine.js";
import { AcdNodeService } from "../../src/acd/acd-node-service.js";
import { acdRoutes } from "../../src/acd/acd-routes.js";
import { ServiceTable } from "../../src/connectors/node-services.js";
import { Session } from "../../src/session/session.js";
import { startApi, type ApiHarness } from "../api/support/api-harness.js";
import { createTenant, createTenantUser, signIn } from "../api/support/tenant-fixtures.js";
import { startTestPostgres, type TestPostgres } from "../api/support/test-postgres.js";
import { compileCardsHotline } from "./support/cards-hotline.js";

jest.setTimeout(30_000);

let postgres: TestPostgres;
let api: ApiHarness;
let engine: AcdEngine;
let tenantId: string;
let agentId: string;
let agentToken: string;

beforeAll(async () => {
  postgres = await startTestPostgres();
  engine = new AcdEngine({ clock: realClock });
  api = await startApi(postgres.db, { extraRoutes: acdRoutes((id) => (id === tenantId ? engine : undefined)) });
  tenantId = await createTenant(postgres.db, "Harbour Bank");
  agentId = await createTenantUser(postgres.db, tenantId, "wei", ["agent"]);
  agentToken = await signIn(api, "Harbour Bank", "wei");
  engine.configureQueue({ id: "cards", skill: "cards" });
  engine.configureAgent({ id: agentId, skills: { cards: 5 } });
});

afterAll(async () => {
  engine.stop();
  await api?.close();
  await postgres?.stop();
});

function nextEvent(type: string): Promise<void> {
  return new Promise((resolve) => {
    const stop = engine.onEvent((event) => {
      if (event.type !== type) return;
      stop();
      resolve();
    });
  });
}

describe("IVR to agent", () => {
  test("caller's digits reach the agent who answers", async () => {
    const login = await api.request("POST", "/api/acd/agent/login", { token: agentToken });
    const sink = new MemoryTraceSink();
    // The scripted hang-up at 20 s ends the call if no agent answers, so a failure cannot leave it queued.
    const channel = new SimulatedChannel({ clock: realClock, callId: "caller-1", script: parseCallerScript("4,0,1,2,#,hangup@20s"), promptDurationMs: () => 20 });
    const services = new ServiceTable().add(ACD_SERVICE, new AcdNodeService(engine));
    const queued = nextEvent("call.queued");
    const call = new Session({ plan: compileCardsHotline(), channel, clock: realClock, sink, tenantId, services }).run();

    await queued;
    const ready = await api.request("POST", "/api/acd/agent/ready", { token: agentToken });
    const screenPop = await api.request("GET", "/api/acd/agent", { token: agentToken });
    const accepted = await api.request("POST", "/api/acd/agent/accept", { token: agentToken, body: { callId: "caller-1" } });
    await call;
    const prompts = sink.events.flatMap((event) => (event.type === "prompt.played" ? [String(event.text)] : []));

    expect(login.body.state).toBe("not-ready");
    expect(ready.status).toBe(200);
    expect(screenPop.body).toMatchObject({ state: "reserved", call: { id: "caller-1", data: { cardNo: "4012" } } });
    expect(accepted.body.state).toBe("on-call");
    expect(prompts.at(-1)).toBe(`Connecting you to ${agentId}`);
  });
});
