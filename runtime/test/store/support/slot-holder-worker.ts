// Child process of the reconciliation test: a runtime process that opens the database store,
// takes `calls` PSTN call slots of a tenant, prints one JSON line with its process id and the
// slots it took, and then waits, holding them, until the parent kills it.
import type { Channel } from "@callflow/sdk";

import type { DirectoryEntry } from "../../../src/directory/directory.js";
import { openRuntimeStore } from "../../../src/store/runtime-store.js";

const [url, masterKey, tenantId, calls] = process.argv.slice(2);
const store = await openRuntimeStore({ url, masterKey: Buffer.from(masterKey, "base64"), maxConnections: 2 });
const entry: DirectoryEntry = { number: "0800000000", tenantId, flow: "unused", callerId: undefined, quotas: { maxConcurrentCalls: Number(calls) } };
let admitted = 0;

for (let index = 0; index < Number(calls); index++) {
  // Admission reads only the call id of the channel.
  const channel = { callId: `held-${process.pid}-${index}` } as unknown as Channel;
  const result = await store.admission.admit(entry, channel);

  if (result.admitted) admitted++;
}

console.log(JSON.stringify({ processId: store.db.process.id, admitted }));
setInterval(() => undefined, 60_000);
