import type { ChildProcess } from "node:child_process";
import path from "node:path";

import { driveUntilSettled, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";

import { CallService, type AdmissionResult, type CallAdmission, type CallRecord } from "../../src/service/call-service.js";
import { BUSY_PROMPT } from "../../src/service/service-prompts.js";
import { openRuntimeStore, type RuntimeStore } from "../../src/store/runtime-store.js";
import { SUSPENDED_PROMPT } from "../../src/store/suspended-prompt.js";
import { runTestCall } from "../../src/store/test-call.js";
import type { QuotaRaceDecisions, QuotaRaceTask } from "./support/quota-race-worker.js";
import { assignNumber, createPublishedFlow, createTenant, sayingFlow, TEST_ACTOR, type TenantFixture } from "./support/store-fixtures.js";
import { createStoreTestDatabase, type StoreTestDatabase } from "./support/test-postgres.js";
import { exited, forkTypeScript } from "./support/typescript-child.js";

jest.setTimeout(60_000);

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

async function tenantWithNumber(name: string, number: string, quotas: { maxPstnCalls?: number; maxTestCalls?: number }): Promise<TenantFixture> {
  const tenant = await createTenant(store.db, name, quotas);
  const flowId = await createPublishedFlow(store.db, tenant, "hotline", sayingFlow("Welcome"));

  await assignNumber(store.db, tenant, number, flowId);
  return tenant;
}

async function pstnUsage(tenantId: string) {
  const usage = await store.db.readCallSlotUsage(tenantId);

  return usage.find((row) => row.channel === "pstn")!;
}

/** A CallService on the store whose admission reports when `count` calls were decided. */
function serviceDeciding(count: number) {
  const clock = new VirtualClock(Date.now());
  const records: CallRecord[] = [];
  const results: AdmissionResult[] = [];
  let allDecided: () => void = () => undefined;
  const decided = new Promise<void>((resolve) => (allDecided = resolve));
  const admission: CallAdmission = {
    admit: async (entry, channel) => {
      const result = await store.admission.admit(entry, channel);

      results.push(result);
      if (results.length === count) allDecided();
      return result;
    },
  };
  const service = new CallService({ ...store.serviceOptions(), admission, clock, onCallEnded: (record) => records.push(record) });

  return { clock, service, records, results, decided };
}

describe("DatabaseCallAdmission", () => {
  it("refuses calls over the tenant's quota", async () => {
    const tenant = await tenantWithNumber("quota-over", "0800300001", { maxPstnCalls: 2 });
    const { clock, service, records, decided } = serviceDeciding(3);
    const channels = ["a", "b", "c"].map((id) => new SimulatedChannel({ clock, callId: `over-${id}`, called: "0800300001", script: parseCallerScript("1@5s") }));

    const calls = Promise.all(channels.map((channel) => service.handle(channel)));
    await decided;
    const during = await pstnUsage(tenant.tenantId);
    await driveUntilSettled(clock, calls.then(() => undefined));
    const after = await pstnUsage(tenant.tenantId);

    expect(during).toMatchObject({ inUse: 2, refusedTotal: 1 });
    expect(records.map((record) => record.outcome).sort()).toEqual(["busy", "completed", "completed"]);
    expect(service.counters.busy).toBe(1);
    expect(after.inUse).toBe(0);
  });

  it("plays the busy prompt and hangs up", async () => {
    await tenantWithNumber("quota-busy", "0800300002", { maxPstnCalls: 0 });

    const { record, channel } = await runTestCall(store, { number: "0800300002", channelKind: "pstn" });

    expect(record.outcome).toBe("busy");
    expect(channel.played[0].text).toBe(BUSY_PROMPT.languages.get("cmn")!.text);
    expect(channel.hangupCause).toBe(17);
  });

  it("counts test calls against the test quota", async () => {
    const tenant = await tenantWithNumber("quota-test-calls", "0800300003", { maxPstnCalls: 0, maxTestCalls: 1 });

    const { record } = await runTestCall(store, { number: "0800300003", input: "1@1s" });
    const usage = await store.db.readCallSlotUsage(tenant.tenantId);

    expect(record.outcome).toBe("completed");
    expect(usage.find((row) => row.channel === "test")).toMatchObject({ inUse: 0, refusedTotal: 0 });
  });

  it("tells callers of a suspended tenant", async () => {
    const tenant = await tenantWithNumber("quota-suspended", "0800300004", { maxPstnCalls: 5 });
    await store.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(tenant.tenantId, "unpaid invoice"));

    const { record, channel } = await runTestCall(store, { number: "0800300004", channelKind: "pstn", serviceLanguage: "yue" });

    expect(record.outcome).toBe("suspended");
    expect(channel.played[0].text).toBe(SUSPENDED_PROMPT.languages.get("yue")!.text);
    expect(channel.hangupCause).toBe(21);
  });

  it("serves a resumed tenant again", async () => {
    const tenant = await tenantWithNumber("quota-resumed", "0800300005", { maxPstnCalls: 5 });
    await store.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(tenant.tenantId, "unpaid invoice"));
    await store.db.withPlatform(TEST_ACTOR, (platform) => platform.resumeTenant(tenant.tenantId));

    const { record, channel } = await runTestCall(store, { number: "0800300005", channelKind: "pstn", input: "1@1s" });

    expect(record.outcome).toBe("completed");
    expect(channel.played[0].text).toBe("Welcome");
  });

  it("admits exactly the quota across two processes", async () => {
    const tenant = await tenantWithNumber("quota-race", "0800300006", { maxPstnCalls: 10 });
    const task = (calls: number): QuotaRaceTask => ({ url: database.url, masterKey: database.masterKey.toString("base64"), tenantId: tenant.tenantId, number: "0800300006", calls });
    const workers = [forkTypeScript(path.join(__dirname, "support", "quota-race-worker.ts")), forkTypeScript(path.join(__dirname, "support", "quota-race-worker.ts"))];
    const messages = workers.map((worker) => messageQueue(worker));
    workers.forEach((worker) => worker.send(task(25)));
    await Promise.all(messages.map((next) => next()));

    workers.forEach((worker) => worker.send("go"));
    const decisions = (await Promise.all(messages.map((next) => next()))) as QuotaRaceDecisions[];
    const during = await pstnUsage(tenant.tenantId);
    workers.forEach((worker) => worker.send("finish"));
    await Promise.all(messages.map((next) => next()));
    await Promise.all(workers.map((worker) => exited(worker)));
    const after = await pstnUsage(tenant.tenantId);

    expect(decisions[0].admitted + decisions[1].admitted).toBe(10);
    expect(decisions[0].refused + decisions[1].refused).toBe(40);
    expect(during).toMatchObject({ inUse: 10, limit: 10, refusedTotal: 40 });
    expect(after.inUse).toBe(0);
  });
});

// Returns a function that resolves with the child's next message, in order, or rejects when the
// child exits first.
function messageQueue(child: ChildProcess): () => Promise<unknown> {
  const received: unknown[] = [];
  const waiting: Array<{ resolve: (message: unknown) => void; reject: (error: Error) => void }> = [];
  const errors: string[] = [];

  child.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  child.on("message", (message) => {
    const waiter = waiting.shift();

    if (waiter) waiter.resolve(message);
    else received.push(message);
  });
  child.on("exit", (code) => {
    if (code !== 0) for (const waiter of waiting.splice(0)) waiter.reject(new Error(`worker exited with code ${code}:\n${errors.join("")}`));
  });
  return () => (received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
}
