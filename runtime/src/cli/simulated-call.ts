import {
  driveUntilSettled,
  MemoryTraceSink,
  parseCallerScript,
  SimulatedChannel,
  VirtualClock,
  type CallerAction,
  type Logger,
  type NodeServices,
  type Plan,
  type TraceEvent,
} from "@callflow/sdk";

import { Session, type SessionResult } from "../session/session.js";

/** Options of {@link runSimulatedCall}. */
export interface SimulatedCallOptions {
  /** The compiled flow, from `compileFlow` with the runtime's node registry. */
  plan: Plan;
  /** Start of the call, epoch ms. Default: now. */
  startMs?: number;
  /** IANA time zone of the call's site. Default UTC. */
  timeZone?: string;
  /** Caller script (`1@2s,1234#,hangup@9s`) or parsed actions. Default: the caller presses nothing. */
  input?: string | readonly CallerAction[];
  /** Calling number. Default 0912345678. */
  caller?: string;
  /** Called number. Default 1800. */
  called?: string;
  callId?: string;
  /** Channel variables present when the call arrives. */
  channelVariables?: Record<string, string>;
  /** Seed of the session's random generator. Default 1, so a run repeats exactly. */
  seed?: number;
  /** Node steps after which the call ends. Default: the session's (10,000). */
  stepLimit?: number;
  logger?: Logger;
  /** Services for nodes that reach other systems, such as a connectors file's databases. Default: none. */
  services?: NodeServices;
}

/** Outcome and trace of a simulated call. */
export interface SimulatedCallResult {
  result: SessionResult;
  /** Every trace event, in order. */
  events: TraceEvent[];
  /** The channel, with the media played and who hung up. */
  channel: SimulatedChannel;
  startMs: number;
}

/**
 * Runs one call through a plan on a virtual clock, driven by a caller script, and returns the
 * trace. Timeouts take no real time, so a call of minutes runs in milliseconds.
 *
 * @throws CallerScriptError when `input` is a script that does not parse
 * @example
 * const { result, events } = await runSimulatedCall({ plan, input: "1@2s,1234#", startMs: Date.parse("2026-12-07T10:00:00+08:00") });
 */
export async function runSimulatedCall(options: SimulatedCallOptions): Promise<SimulatedCallResult> {
  const script = typeof options.input === "string" ? parseCallerScript(options.input) : (options.input ?? []);
  const startMs = options.startMs ?? Date.now();
  const clock = new VirtualClock(startMs);
  const sink = new MemoryTraceSink();
  const channel = new SimulatedChannel({
    clock,
    script,
    callId: options.callId,
    caller: options.caller,
    called: options.called,
    variables: options.channelVariables,
  });
  const session = new Session({
    plan: options.plan,
    channel,
    clock,
    sink,
    logger: options.logger,
    timeZone: options.timeZone ?? "UTC",
    seed: options.seed ?? 1,
    stepLimit: options.stepLimit,
    services: options.services,
  });
  // Session.run never rejects. The clock drives every prompt, timeout and scripted key to the
  // end, and waits in real time while a node awaits a script, a query or a request.
  const result = await driveUntilSettled(clock, session.run());

  return { result, events: sink.events, channel, startMs };
}
