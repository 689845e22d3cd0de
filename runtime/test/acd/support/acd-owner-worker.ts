// Child process of the takeover test: it becomes the owner of a tenant's ACD, sets up a queue
// with three agents, connects the first call to the one ready agent and leaves the other calls
// waiting. Once every event is written it prints one JSON line, then waits for the parent to
// kill it.
import { openDatabase } from "@callflow/db";
import { VirtualClock } from "@callflow/sdk";

import { startAcdOwner } from "../../../src/acd/acd-owner.js";
import { setUpSupportQueue } from "./support-queue.js";

const [url, masterKey, tenantId, callCount] = process.argv.slice(2);
const db = openDatabase({ url, masterKey: Buffer.from(masterKey, "base64"), maxConnections: 2 });
const owner = await startAcdOwner({ db, url, tenantId, clock: new VirtualClock(Date.now()), writer: { flushIntervalMs: 20 } });

setUpSupportQueue(owner.engine);
owner.engine.login("agent-1", { ready: true });
owner.engine.login("agent-2");
owner.engine.login("agent-3");
for (let index = 0; index < Number(callCount); index++) owner.engine.enqueue({ id: `call-${index}`, queue: "support", data: { account: `A${index}` } });
owner.engine.accept("agent-1", "call-0");
await owner.writer.flush();

console.log(JSON.stringify({ lastSeq: owner.engine.state.lastSeq, waiting: owner.engine.state.queues.get("support")!.waiting }));
setInterval(() => undefined, 60_000);
