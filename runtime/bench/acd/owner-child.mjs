// The owning process of the takeover measurement. It takes a tenant's ACD, builds the waiting
// centre, writes every event and prints one JSON line. Then it waits for the parent to kill it.
import { openDatabase } from "@callflow/db";

import { startAcdOwner } from "../../dist/acd/acd-owner.js";
import { buildWaitingCentre } from "./centre.mjs";

const [url, masterKey, tenantId] = process.argv.slice(2);
const db = openDatabase({ url, masterKey: Buffer.from(masterKey, "base64"), maxConnections: 2 });
const clock = { now: () => Date.now(), setTimer: (ms, callback) => setTimeout(callback, ms), clearTimer: (handle) => clearTimeout(handle) };
const owner = await startAcdOwner({ db, url, tenantId, clock, writer: { flushEvents: 5_000 } });

buildWaitingCentre(owner.engine);
await owner.writer.flush();
process.stdout.write(`${JSON.stringify({ lastSeq: owner.engine.state.lastSeq })}\n`);
setInterval(() => undefined, 60_000);
