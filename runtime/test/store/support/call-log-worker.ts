// Child process of the shutdown test: a runtime process with the database store that writes
// nothing until it shuts down. It starts `calls` calls to `number`, runs them until each waits
// in its menu, and prints "running". On SIGTERM it ends the calls, closes the store and prints
// how many trace events the calls produced, as JSON.
import { driveUntilSettled, parseCallerScript, SimulatedChannel, VirtualClock } from "@callflow/sdk";

import { CallService } from "../../../src/service/call-service.js";
import { openRuntimeStore } from "../../../src/store/runtime-store.js";

const [url, masterKey, number, callCount] = process.argv.slice(2);
// Long enough that no timed write happens during the test: every row comes from the shutdown.
const store = await openRuntimeStore({ url, masterKey: Buffer.from(masterKey, "base64"), writer: { flushIntervalMs: 600_000, flushEvents: 1_000_000 } });
const clock = new VirtualClock(Date.now());
const storeOptions = store.serviceOptions();
let producedEvents = 0;
const service = new CallService({
  ...storeOptions,
  clock,
  traceSink: (callId, start) => {
    const sink = storeOptions.traceSink!(callId, start)!;

    return {
      write: (event) => {
        producedEvents++;
        sink.write(event);
      },
    };
  },
});
const calls = Array.from({ length: Number(callCount) }, (_, index) =>
  service.handle(new SimulatedChannel({ clock, callId: `shutdown-${index}`, called: number, script: parseCallerScript("1@50s") })),
);

// Each call waits in its menu for a key that comes at 50 s; 20 s of virtual time gets every
// call there, since a call's database work happens while no timer is due.
while (service.activeCalls < calls.length) await new Promise((resolve) => setImmediate(resolve));
await clock.advance(20_000);

process.once("SIGTERM", () => {
  void (async () => {
    await driveUntilSettled(clock, service.drain(0));
    await Promise.all(calls);
    await store.close();
    console.log(JSON.stringify({ producedEvents, written: store.writer.counters }));
    process.exit(0);
  })();
});
console.log("running");
