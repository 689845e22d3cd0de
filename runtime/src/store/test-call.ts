import { randomUUID } from "node:crypto";

import type { ChannelKind } from "@callflow/db";
import { driveUntilSettled, parseCallerScript, SimulatedChannel, VirtualClock, type Logger } from "@callflow/sdk";

import { normalizeNumber } from "../directory/directory.js";
import { CallService, type CallRecord } from "../service/call-service.js";
import type { RuntimeStore } from "./runtime-store.js";

/** Options of {@link runTestCall}. */
export interface TestCallOptions {
  /** Called number, as a caller dials it. */
  number: string;
  /** Caller script such as `1@2s,1234#`; see parseCallerScript. Default: no keys. */
  input?: string;
  /** Calling number. Default `0912345678`. */
  caller?: string;
  /** Quota the call counts against. Default `test`, the studio's test calls. */
  channelKind?: ChannelKind;
  /** IANA time zone of business-hours nodes without their own. Default UTC. */
  timeZone?: string;
  /** Spoken language of service prompts such as "busy". Default `cmn`. */
  serviceLanguage?: string;
  logger?: Logger;
}

/** Outcome of a test call. */
export interface TestCallResult {
  /** The call's id, which is also the id of its call record. */
  callId: string;
  record: CallRecord;
  /** The simulated channel, with the media played and who hung up. */
  channel: SimulatedChannel;
}

/**
 * Runs a simulated call to a number through the database store, as a real call would go. It
 * looks the number up, takes a call slot of the tenant, runs the flow's latest published
 * version, and leaves a call record with its trace when the store writes them. The call runs on a virtual clock
 * from now, so a call of minutes takes milliseconds. Its database work happens while no timer
 * is pending, before and after the session, so that work takes no virtual time.
 *
 * @throws CallerScriptError when `input` does not parse
 */
export async function runTestCall(store: RuntimeStore, options: TestCallOptions): Promise<TestCallResult> {
  const script = parseCallerScript(options.input ?? "");
  const callId = randomUUID();
  const clock = new VirtualClock(Date.now());
  const channel = new SimulatedChannel({ clock, callId, caller: options.caller ?? "0912345678", called: normalizeNumber(options.number), script });
  const storeOptions = store.serviceOptions();
  let record: CallRecord | undefined;
  const service = new CallService({
    ...storeOptions,
    clock,
    logger: options.logger,
    timeZone: options.timeZone,
    serviceLanguage: options.serviceLanguage,
    onCallEnded: (ended) => {
      record = ended;
      storeOptions.onCallEnded?.(ended);
    },
  });

  store.channelKinds.set(callId, options.channelKind ?? "test");
  try {
    await driveUntilSettled(clock, service.handle(channel));
  } finally {
    store.channelKinds.delete(callId);
  }
  return { callId, record: record!, channel };
}
