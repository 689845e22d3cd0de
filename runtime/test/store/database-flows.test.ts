import { once } from "node:events";
import path from "node:path";

import { createFlow } from "@callflow/db";
import { parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";

import { runSimulatedCall } from "../../src/cli/simulated-call.js";
import { CallService, type CallStart } from "../../src/service/call-service.js";
import { FlowUnavailableError } from "../../src/service/flow-source.js";
import { seedDemoTenant } from "../../src/store/demo-seed.js";
import type { LoadedFlowVersion } from "../../src/store/database-flow-source.js";
import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { assignNumber, createPublishedFlow, createTenant, publishNewVersion, sayingFlow } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";

jest.setTimeout(60_000);

const EXAMPLES = path.join(__dirname, "..", "..", "..", "examples");

let database: StoreTestDatabase;
let store: RuntimeStore;

beforeAll(async () => {
  database = await createStoreTestDatabase();
  store = await openRuntimeStore({ url: database.url, masterKey: database.masterKey });
});

afterAll(async () => {
  await store.close();
  await database.drop();
});

describe("DatabaseDirectory", () => {
  it("returns the tenant, flow, caller id and quotas", async () => {
    const tenant = await createTenant(store.db, "directory-entry", { maxPstnCalls: 7 });
    const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("Hello"));
    await assignNumber(store.db, tenant, "0800111222", flowId, "0227001234");

    const entry = await store.directory.lookup("0800 111 222");

    expect(entry).toMatchObject({
      number: "0800111222",
      tenantId: tenant.tenantId,
      flow: flowId,
      flowName: "hotline",
      callerId: "0227001234",
      quotas: { maxConcurrentCalls: 7 },
      tenantStatus: "active",
    });
  });

  it("returns undefined for an unknown number", async () => {
    const entry = await store.directory.lookup("0800999999");

    expect(entry).toBeUndefined();
  });

  it("returns undefined for a number without a flow", async () => {
    const tenant = await createTenant(store.db, "directory-no-flow");
    await assignNumber(store.db, tenant, "0800111333", null);

    const entry = await store.directory.lookup("0800111333");

    expect(entry).toBeUndefined();
  });
});

describe("DatabaseFlowSource", () => {
  it("compiles the latest published version", async () => {
    const tenant = await createTenant(store.db, "source-latest");
    const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("One"));
    await publishNewVersion(store.db, tenant, flowId, sayingFlow("Two"));

    const loaded = await store.flows.load(flowId);

    expect(loaded.version).toBe(2);
    expect(loaded.name).toBe("hotline");
  });

  it("compiles each version once", async () => {
    const tenant = await createTenant(store.db, "source-once");
    const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("One"));

    const first = await store.flows.plan(flowId);
    const second = await store.flows.plan(flowId);

    expect(second.plan).toBe(first.plan);
  });

  it("rejects a flow without a published version", async () => {
    const tenant = await createTenant(store.db, "source-unpublished");
    const draft = await store.db.withTenant(tenant.tenantId, (scope) =>
      createFlow(scope, { name: "draft-only", kind: "ivr", document: sayingFlow("Draft"), authorId: tenant.userId }),
    );

    await expect(store.flows.plan(draft.flowId)).rejects.toBeInstanceOf(FlowUnavailableError);
  });

  it("resolves subflows, prompts and calendars", async () => {
    const seed = await seedDemoTenant(store.db, { examplesDir: EXAMPLES, adminPassword: "not-used-here" });
    const hotline = seed.numbers.find((number) => number.flow === "bank-hotline")!;

    const loaded = await store.flows.load(hotline.flowId);

    expect(loaded.plan.references.subflows).toContain("verify-account");
    expect(loaded.plan.references.prompts).toContain("welcome");
    expect(loaded.plan.references.calendars).toContain("tw-holidays");
  });

  it("pins a subflow to its version at the caller's publish", async () => {
    const tenant = await createTenant(store.db, "source-pinned");
    const subflowId = await createPublishedFlow(store.db, tenant, "greeting", sayingFlow("Old greeting"));
    const callerId = await createPublishedFlow(store.db, tenant, "caller", subflowCaller("greeting"));
    await publishNewVersion(store.db, tenant, subflowId, sayingFlow("New greeting"));

    const loaded = await store.flows.load(callerId);
    const { channel } = await runSimulatedCall({ plan: loaded.plan, input: "1@1s" });

    expect(channel.played[0].text).toBe("Old greeting");
  });

  it("starts new calls on a version published during calls", async () => {
    const tenant = await createTenant(store.db, "source-publish");
    const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("Version one"));
    await assignNumber(store.db, tenant, "0800222333", flowId);
    const clock = new VirtualClock(Date.now());
    const starts = new Map<string, (start: CallStart) => void>();
    const started = (callId: string) => new Promise<CallStart>((resolve) => starts.set(callId, resolve));
    const service = new CallService({
      directory: store.directory,
      flows: store.flows,
      clock,
      traceSink: (callId, start) => {
        starts.get(callId)?.(start);
        return undefined;
      },
    });
    const call = (callId: string) => new SimulatedChannel({ clock, callId, called: "0800222333", script: parseCallerScript("1@30s") });
    const first = call("first");
    const second = call("second");

    const firstStarted = started("first");
    const firstDone = service.handle(first);
    const firstVersion = (await firstStarted).flowVersion;
    const reloaded = once(store.flows.events, "flow-reloaded") as Promise<[LoadedFlowVersion]>;
    const published = await publishNewVersion(store.db, tenant, flowId, sayingFlow("Version two"));
    const [reload] = await reloaded;
    const secondStarted = started("second");
    const secondDone = service.handle(second);
    const secondVersion = (await secondStarted).flowVersion;
    await clock.runUntilIdle();
    await Promise.all([firstDone, secondDone]);

    expect(firstVersion).toBe(1);
    expect(reload.version).toBe(published);
    expect(secondVersion).toBe(2);
    expect(first.played[0].text).toBe("Version one");
    expect(second.played[0].text).toBe("Version two");
  });

  it("reloads after the listener's connection is lost", async () => {
    const tenant = await createTenant(store.db, "source-reconnect");
    const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("Before"));
    await store.flows.load(flowId);
    const cleared = once(store.flows.events, "cleared");

    await database.owner.query("select pg_terminate_backend(pid) from pg_stat_activity where query = 'listen callflow_flow_published'");
    await cleared;
    const version = await publishNewVersion(store.db, tenant, flowId, sayingFlow("After"));
    const loaded = await store.flows.load(flowId);

    expect(loaded.version).toBe(version);
  });
});

function subflowCaller(subflow: string): unknown {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Caller" },
    languages: ["en"],
    entry: "call",
    nodes: [
      { id: "call", type: "flow.subflow", config: { flow: subflow } },
      { id: "end", type: "flow.end" },
    ],
    edges: [{ from: "call", port: "next", to: "end" }],
  };
}
