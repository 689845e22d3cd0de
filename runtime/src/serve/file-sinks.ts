import { appendFile } from "node:fs/promises";

import type { Logger, TraceEvent, TraceSink } from "@callflow/sdk";

import type { CallRecord } from "../service/call-service.js";

/**
 * Appends JSON lines to a file, one write at a time and in order. A failed write is logged and
 * counted, never thrown into a call.
 */
export class JsonLinesFile {
  failures = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
  ) {}

  append(value: unknown): void {
    const line = JSON.stringify(value) + "\n";

    this.chain = this.chain.then(() =>
      appendFile(this.file, line).catch((error: unknown) => {
        this.failures++;
        this.logger.error({ err: error, file: this.file }, "writing a record failed");
      }),
    );
  }

  /** Resolves when every line appended so far is written. */
  flush(): Promise<void> {
    return this.chain;
  }
}

/** Writes a call record line for each finished call. */
export function callRecordWriter(file: JsonLinesFile): (record: CallRecord) => void {
  return (record) =>
    file.append({
      ...record,
      startedAt: new Date(record.startedAt).toISOString(),
      answeredAt: record.answeredAt === undefined ? undefined : new Date(record.answeredAt).toISOString(),
      endedAt: new Date(record.endedAt).toISOString(),
    });
}

/**
 * Creates a per-call trace sink that keeps nothing but writes each voicemail recording with the call's
 * caller, called number, time and flow.
 */
export function recordingSink(file: JsonLinesFile): TraceSink {
  let call: Extract<TraceEvent, { type: "call.started" }> | undefined;

  return {
    write(event) {
      if (event.type === "call.started") call = event;
      if (event.type !== "recording.finished") return;
      file.append({
        name: event.name,
        durationSeconds: event.durationSeconds,
        outcome: event.outcome,
        callId: event.callId,
        caller: call?.caller,
        called: call?.called,
        flow: call?.flow,
        flowVersion: call?.flowVersion,
        at: new Date(event.at).toISOString(),
      });
    },
  };
}
