// Child process of the call slot race test: opens its own pool, reports when its connections
// are open, then on "go" calls acquireCallSlot `attempts` times at once and sends the results.
import { openDatabase } from "../../src/database.js";
import type { CallSlotResult } from "../../src/call-slots.js";

/** The parent's first message. */
export interface WorkerTask {
  url: string;
  masterKey: string;
  tenantId: string;
  attempts: number;
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

function nextMessage(): Promise<unknown> {
  return new Promise((resolve) => process.once("message", resolve));
}

async function main(): Promise<void> {
  const task = (await nextMessage()) as WorkerTask;
  const db = openDatabase({ url: task.url, masterKey: Buffer.from(task.masterKey, "base64"), maxConnections: task.attempts });

  // Open every connection first, so that the race is between queries, not connection set-up.
  await Promise.all(Array.from({ length: task.attempts }, () => db.readCallSlotUsage(task.tenantId)));
  await send("ready");
  await nextMessage();

  const results: CallSlotResult[] = await Promise.all(Array.from({ length: task.attempts }, () => db.acquireCallSlot(task.tenantId, "pstn")));

  await send(results);
  await db.close();
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
