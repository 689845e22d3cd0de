// Entry point of a script worker process, which the sandbox starts with `fork` and
// `--no-node-snapshot` (isolated-vm needs it on Node.js 20 and newer). It runs tenant scripts in
// isolated-vm isolates and exchanges messages with the parent over the IPC channel. Only the
// isolates run tenant code. This process has no secrets, because the parent starts it with an
// empty environment unless the sandbox options set one. The parent kills and restarts it when it
// stops responding or crashes.
import { IsolatePool } from "./isolate-pool.js";
import { MessageBatch } from "./message-batch.js";
import { SegmentWriter } from "./segment-file.js";
import type { ParentMessage, RunMessage, WorkerMessage, WorkerSettings } from "./sandbox-protocol.js";
import { WorkerRun } from "./worker-run.js";

const DEFAULT_MAX_ISOLATES = 32;

function readSettings(): WorkerSettings {
  const settings = JSON.parse(process.argv[2] ?? "{}") as Partial<WorkerSettings>;

  if (settings.segmentFile === undefined) throw new Error("script worker: the settings name no segment file; the script sandbox starts this file with them");
  return { maxIsolates: settings.maxIsolates ?? DEFAULT_MAX_ISOLATES, segmentFile: settings.segmentFile };
}

function main(): void {
  const channel = process.send?.bind(process);

  if (channel === undefined) {
    process.stderr.write("script worker: no IPC channel; the script sandbox starts this file with fork()\n");
    process.exit(2);
  }
  const batch = new MessageBatch<WorkerMessage>((payload) => channel(payload));
  const send = (message: WorkerMessage): void => batch.push(message);
  const settings = readSettings();
  const pool = new IsolatePool(settings.maxIsolates);
  const segments = new SegmentWriter(settings.segmentFile);
  const runs = new Map<number, WorkerRun>();

  const receive = (message: ParentMessage): void => {
    if (message.type === "run") startRun(message, pool, runs, batch, segments);
    else if (message.type === "host-result") runs.get(message.id)?.resume(message);
    else if (message.type === "cancel") cancel(runs, message.id, send);
    else if (message.type === "end-scope") pool.find(message.tenantId)?.endScope(message.scope);
    else if (message.type === "ping") send({ type: "pong" });
  };

  // The parent batches the messages of one turn into an array (see message-batch.ts).
  process.on("message", (payload: ParentMessage | ParentMessage[]) => {
    if (!Array.isArray(payload)) receive(payload);
    else for (const message of payload) receive(message);
  });
  // The parent exited, so the results have no reader.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready" });
}

function startRun(message: RunMessage, pool: IsolatePool, runs: Map<number, WorkerRun>, outbox: MessageBatch<WorkerMessage>, segments: SegmentWriter): void {
  let run: WorkerRun;

  try {
    run = new WorkerRun(message, pool, runs, outbox, segments);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);

    outbox.push({ type: "failure", id: message.id, code: "script-unavailable", message: `the script worker failed to create an isolate: ${reason}`, logs: [], timing: [0, 0] });
    return;
  }
  run.start(message);
}

function cancel(runs: Map<number, WorkerRun>, id: number, send: (message: WorkerMessage) => void): void {
  const run = runs.get(id);

  if (run === undefined) send({ type: "cancelled", id });
  else run.cancel();
}

main();
