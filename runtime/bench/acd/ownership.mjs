// Rebuild and takeover of a tenant's ACD on PostgreSQL. An owner process builds the waiting
// centre and is killed, and a standby in this process takes the tenant over. Then a clean
// restart rebuilds from the same log.
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

import { migrate, openDatabase, startEmbeddedPostgres } from "@callflow/db";

import { startAcdOwner } from "../../dist/acd/acd-owner.js";
import { round } from "../lib/stats.mjs";
import { CENTRE } from "./centre.mjs";

const ACTOR = { kind: "system", name: "acd-bench" };
const LOCK_RETRY_MS = 10;
const realClock = { now: () => Date.now(), setTimer: (ms, callback) => setTimeout(callback, ms), clearTimer: (handle) => clearTimeout(handle) };

async function startServer() {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => undefined };

  const parent = mkdtempSync(path.join(tmpdir(), "callflow-acd-bench-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
  const server = await startEmbeddedPostgres({ dataDir: path.join(parent, "data") });

  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function firstLine(child) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });

    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`the ACD owner child exited with code ${code} before it was ready`)));
  });
}

function waitingCalls(engine) {
  return [...engine.state.queues.values()].reduce((sum, queue) => sum + queue.waiting, 0);
}

/** Measures the takeover after the owner is killed and a rebuild after a clean restart. */
export async function measureOwnership() {
  const server = await startServer();
  const masterKey = randomBytes(32);

  await migrate(server.url);
  const db = openDatabase({ url: server.url, masterKey });

  try {
    const tenant = await db.withPlatform(ACTOR, (platform) => platform.createTenant({ name: `acd-bench-${randomBytes(4).toString("hex")}` }));
    const child = fork(new URL("owner-child.mjs", import.meta.url), [server.url, masterKey.toString("base64"), tenant.id], {
      execArgv: ["--no-node-snapshot"],
      stdio: ["ignore", "pipe", "inherit", "ipc"],
    });
    const built = JSON.parse(await firstLine(child));
    const standby = startAcdOwner({ db, url: server.url, tenantId: tenant.id, clock: realClock, lockRetryMs: LOCK_RETRY_MS });
    const killedAt = performance.now();

    child.kill("SIGKILL");
    const owner = await standby;
    const takeoverMs = performance.now() - killedAt;
    const takeover = { events: owner.replayedEvents, ownerEvents: built.lastSeq, waitingCalls: waitingCalls(owner.engine), takeoverMs: round(takeoverMs), rebuildMs: round(owner.rebuildMs) };

    await owner.stop();
    const restartedAt = performance.now();
    const restarted = await startAcdOwner({ db, url: server.url, tenantId: tenant.id, clock: realClock });
    const restart = { events: restarted.replayedEvents, waitingCalls: waitingCalls(restarted.engine), startMs: round(performance.now() - restartedAt), rebuildMs: round(restarted.rebuildMs) };

    await restarted.stop();
    return { server: { embedded: server.embedded }, centre: CENTRE, lockRetryMs: LOCK_RETRY_MS, takeover, restart };
  } finally {
    await db.close();
    await server.stop();
  }
}
