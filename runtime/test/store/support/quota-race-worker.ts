// Child process of the quota race test: a runtime process of its own with the database store.
// It opens its pool, reports "ready", and on "go" starts `calls` PSTN calls to `number` at once.
// When every call has been admitted or refused it reports the counts, and on "finish" it runs
// the admitted calls to their end and reports "finished".
import { driveUntilSettled, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";

import { CallService, type CallAdmission } from "../../../src/service/call-service.js";
import { openRuntimeStore } from "../../../src/store/runtime-store.js";

/** The parent's first message. */
export interface QuotaRaceTask {
  url: string;
  masterKey: string;
  tenantId: string;
  number: string;
  calls: number;
}

/** The worker's report once every call was decided. */
export interface QuotaRaceDecisions {
  admitted: number;
  refused: number;
}

function send(message: unknown): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())));
}

function nextMessage(): Promise<unknown> {
  return new Promise((resolve) => process.once("message", resolve));
}

async function main(): Promise<void> {
  const task = (await nextMessage()) as QuotaRaceTask;
  const store = await openRuntimeStore({ url: task.url, masterKey: Buffer.from(task.masterKey, "base64"), maxConnections: task.calls });
  const decisions: QuotaRaceDecisions = { admitted: 0, refused: 0 };
  let allDecided: () => void = () => undefined;
  const decided = new Promise<void>((resolve) => (allDecided = resolve));
  const admission: CallAdmission = {
    admit: async (entry, channel) => {
      const result = await store.admission.admit(entry, channel);

      decisions[result.admitted ? "admitted" : "refused"]++;
      if (decisions.admitted + decisions.refused === task.calls) allDecided();
      return result;
    },
  };
  const clock = new VirtualClock(Date.now());
  const service = new CallService({ ...store.serviceOptions(), admission, clock });

  // Open every connection and load the number's route first, so that the race is between
  // slot statements, not connection set-up.
  await Promise.all(Array.from({ length: task.calls }, () => store.db.readCallSlotUsage(task.tenantId)));
  await send("ready");
  await nextMessage();

  const calls = Array.from({ length: task.calls }, (_, index) =>
    service.handle(new SimulatedChannel({ clock, callId: `race-${process.pid}-${index}`, called: task.number, script: parseCallerScript("1@30s") })),
  );
  await decided;
  await send(decisions);
  await nextMessage();

  await driveUntilSettled(clock, Promise.all(calls).then(() => undefined));
  await store.close();
  await send("finished");
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
