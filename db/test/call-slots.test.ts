import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";

import type { CallSlotResult } from "../src/call-slots.js";
import { createTenantWithUser, TEST_ACTOR } from "./support/fixtures.js";
import type { WorkerTask } from "./support/call-slot-worker.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test.drop();
});

function newTenant(name: string, maxPstnCalls: number, maxTestCalls = 2) {
  return createTenantWithUser(test.db, name, { quotas: { maxPstnCalls, maxTestCalls } });
}

async function acquireTimes(tenantId: string, channel: "pstn" | "web" | "test", times: number): Promise<CallSlotResult[]> {
  const results: CallSlotResult[] = [];

  for (let i = 0; i < times; i++) {
    results.push(await test.db.acquireCallSlot(tenantId, channel));
  }
  return results;
}

describe("acquireCallSlot", () => {
  it("admits calls up to the quota", async () => {
    const { tenantId } = await newTenant("slots-up-to", 3);

    const results = await acquireTimes(tenantId, "pstn", 3);

    expect(results).toEqual([1, 2, 3].map((inUse) => ({ admitted: true, inUse })));
  });

  it("refuses a call over the quota and counts the refusal", async () => {
    const { tenantId } = await newTenant("slots-over", 2);
    await acquireTimes(tenantId, "pstn", 2);

    const refused = await acquireTimes(tenantId, "pstn", 2);
    const usage = await test.db.readCallSlotUsage(tenantId);

    expect(refused).toEqual([1, 2].map(() => ({ admitted: false, reason: "quota-reached", inUse: 2, limit: 2 })));
    expect(usage.find((row) => row.channel === "pstn")).toEqual({ channel: "pstn", inUse: 2, limit: 2, refusedTotal: 2 });
  });

  it("counts each channel kind against its own quota", async () => {
    const { tenantId } = await newTenant("slots-kinds", 1, 1);

    const pstn = await acquireTimes(tenantId, "pstn", 1);
    const testCalls = await acquireTimes(tenantId, "test", 2);

    expect(pstn[0].admitted).toBe(true);
    expect(testCalls.map((result) => result.admitted)).toEqual([true, false]);
  });

  it("refuses every call of a suspended tenant", async () => {
    const { tenantId } = await newTenant("slots-suspended", 5);
    await test.db.withPlatform(TEST_ACTOR, (platform) => platform.suspendTenant(tenantId, "test"));

    const result = await test.db.acquireCallSlot(tenantId, "pstn");

    expect(result).toEqual({ admitted: false, reason: "tenant-suspended", inUse: 0, limit: 5 });
  });

  it("follows a lowered quota", async () => {
    const { tenantId } = await newTenant("slots-lowered", 3);
    await acquireTimes(tenantId, "pstn", 2);
    await test.db.withPlatform(TEST_ACTOR, (platform) => platform.updateQuotas(tenantId, { maxPstnCalls: 1 }));

    const result = await test.db.acquireCallSlot(tenantId, "pstn");

    expect(result).toEqual({ admitted: false, reason: "quota-reached", inUse: 2, limit: 1 });
  });

  it("reports an unknown tenant as not found", async () => {
    const acquire = test.db.acquireCallSlot("00000000-0000-4000-8000-000000000000", "pstn");

    await expect(acquire).rejects.toMatchObject({ code: "not-found", entity: "call slot counter" });
  });
});

describe("releaseCallSlot", () => {
  it("frees a slot for the next call", async () => {
    const { tenantId } = await newTenant("slots-release", 1);
    await acquireTimes(tenantId, "pstn", 1);

    const released = await test.db.releaseCallSlot(tenantId, "pstn");
    const next = await test.db.acquireCallSlot(tenantId, "pstn");

    expect(released).toBe(true);
    expect(next).toEqual({ admitted: true, inUse: 1 });
  });

  it("returns false when no slot is taken", async () => {
    const { tenantId } = await newTenant("slots-release-twice", 1);

    const released = await test.db.releaseCallSlot(tenantId, "pstn");

    expect(released).toBe(false);
  });
});

describe("call slot race across processes", () => {
  const WORKER = path.join(__dirname, "support", "call-slot-worker.ts");
  const REGISTER = path.join(__dirname, "support", "register-typescript.mjs");

  function startWorker(task: WorkerTask): { child: ChildProcess; ready: Promise<void>; results: Promise<CallSlotResult[]> } {
    const child = fork(WORKER, [], { execArgv: ["--import", REGISTER], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    const exited = new Promise<never>((_, reject) => child.once("exit", (code) => reject(new Error(`call slot worker exited with code ${code} before sending its results`))));
    const messages: unknown[] = [];
    const waiters: ((message: unknown) => void)[] = [];

    child.on("message", (message) => (waiters.length > 0 ? waiters.shift()!(message) : messages.push(message)));
    const next = () => Promise.race([exited, new Promise<unknown>((resolve) => (messages.length > 0 ? resolve(messages.shift()) : waiters.push(resolve)))]);

    child.send(task);
    const ready = next().then(() => undefined);
    const results = ready.then(() => next() as Promise<CallSlotResult[]>);
    return { child, ready, results };
  }

  it("admits exactly the quota of 50 simultaneous calls from two processes", async () => {
    const { tenantId } = await newTenant("slots-race", 10);
    const task: WorkerTask = { url: test.url, masterKey: test.masterKey.toString("base64"), tenantId, attempts: 25 };
    const workers = [startWorker(task), startWorker(task)];

    await Promise.all(workers.map((worker) => worker.ready));
    workers.forEach((worker) => worker.child.send("go"));
    const results = (await Promise.all(workers.map((worker) => worker.results))).flat();
    const usage = (await test.db.readCallSlotUsage(tenantId)).find((row) => row.channel === "pstn");

    const admitted = results.filter((result) => result.admitted);
    expect(results).toHaveLength(50);
    expect(admitted).toHaveLength(10);
    expect(admitted.map((result) => result.inUse).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(usage).toEqual({ channel: "pstn", inUse: 10, limit: 10, refusedTotal: 40 });
  });
});
