import {
  CallControl,
  realClock,
  silentLogger,
  type Channel,
  type Clock,
  type Logger,
  type NodeServices,
  type Plan,
  type PreparedPrompt,
  type TraceSink,
} from "@callflow/sdk";

import type { Directory, DirectoryEntry } from "../directory/directory.js";
import { Session, type SessionResult } from "../session/session.js";
import type { FlowSource } from "./flow-source.js";
import { BUSY_PROMPT, NOT_IN_SERVICE_PROMPT, UNAVAILABLE_PROMPT } from "./service-prompts.js";

/** Options of a {@link CallService}. */
export interface CallServiceOptions {
  directory: Directory;
  flows: FlowSource;
  logger?: Logger;
  clock?: Clock;
  /** Trace destination of each call; none means no trace is built. */
  traceSink?: (callId: string, call: CallStart) => TraceSink | undefined;
  /**
   * Decides whether each call may start. Default: the directory entry's `maxConcurrentCalls`,
   * counted per number in this process.
   */
  admission?: CallAdmission;
  /** IANA time zone of the site, for business hours. Default UTC. */
  timeZone?: string;
  /** Spoken language of service prompts (number not in service, busy). Default `cmn`. */
  serviceLanguage?: string;
  /** Called when a call ends, for call records. */
  onCallEnded?: (record: CallRecord) => void;
  /** The node services of a tenant's calls, such as scripts and outbound HTTP. Default: none, so such nodes fail. */
  services?: (tenantId: string) => NodeServices | undefined;
}

/** A call whose session is about to start. */
export interface CallStart {
  callId: string;
  tenantId: string;
  flow: string;
  /** Published version of the flow, when the flow source has versions. */
  flowVersion: number | undefined;
  caller: string;
  called: string;
  /** Epoch milliseconds on the service's clock, when the call arrived. */
  startedAt: number;
}

/** Record of a finished call. */
export interface CallRecord {
  callId: string;
  tenantId: string | undefined;
  flow: string | undefined;
  /** Published version that ran, when the flow source has versions and a session started. */
  flowVersion?: number;
  caller: string;
  called: string;
  startedAt: number;
  /** Time the call was answered, when a session answered it. */
  answeredAt?: number;
  endedAt: number;
  /** End reason: the session's, or why no flow ran. */
  outcome: SessionResult["reason"] | "not-in-service" | "busy" | "suspended" | "unavailable" | "flow-failed";
  /** Final variables of the main flow, sensitive values included, when a session ran. */
  variables?: Record<string, unknown>;
  /** Names of the variables that the flow declares sensitive, when a session ran. */
  sensitiveVariables?: readonly string[];
}

/** Decision of a {@link CallAdmission}: a slot to give back when the call ends, or a refusal. */
export type AdmissionResult =
  | { admitted: true; release(): Promise<void> }
  | {
      admitted: false;
      outcome: "busy" | "suspended" | "unavailable";
      /** Played to the caller before hanging up. */
      prompt: PreparedPrompt;
      /** Q.850 cause of the hang-up, such as 17 (user busy). */
      cause: number;
    };

/** Admits or refuses calls, such as by a tenant's concurrent-call quota. */
export interface CallAdmission {
  /** Decides on one call. It must not reject: a failure is a refusal with outcome `unavailable`. */
  admit(entry: DirectoryEntry, channel: Channel): Promise<AdmissionResult>;
}

/**
 * Routes each call that a channel adapter delivers to a session of the flow its called number
 * maps to. It looks the number up, checks the number's concurrent-call limit, loads the flow,
 * runs the session, and logs the start and end with the call's ids. It drains on shutdown.
 */
export class CallService {
  readonly counters = { started: 0, notInService: 0, busy: 0, suspended: 0, unavailable: 0, refusedWhileDraining: 0, flowFailed: 0 };
  private readonly options: CallServiceOptions;
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly sessions = new Map<string, Session>();
  private readonly perNumber = new Map<string, number>();
  // Calls taken and not yet ended, counted rather than kept as promises, so a call adds no
  // promise or closure of its own for the drain to wait on.
  private callsInProgress = 0;
  private readonly drainWaiters: Array<() => void> = [];
  private draining = false;

  constructor(options: CallServiceOptions) {
    this.options = options;
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? realClock;
  }

  /** Calls with a running session. */
  get activeCalls(): number {
    return this.sessions.size;
  }

  /** Takes a new call; returns when the call has ended. Never rejects. */
  async handle(channel: Channel): Promise<void> {
    this.callsInProgress++;
    try {
      await this.run(channel);
    } catch (error) {
      this.logger.error({ err: error, callId: channel.callId }, "call handling failed unexpectedly");
    } finally {
      if (--this.callsInProgress === 0 && this.drainWaiters.length > 0) for (const resolve of this.drainWaiters.splice(0)) resolve();
    }
  }

  /**
   * Stops taking calls (new ones hear a short "unavailable" prompt), lets running calls finish
   * until `deadlineMs` from now, then ends the rest politely.
   */
  async drain(deadlineMs: number): Promise<void> {
    this.draining = true;
    this.logger.info({ activeCalls: this.sessions.size, deadlineMs }, "draining: no new calls");
    const timer = this.clock.setTimer(deadlineMs, () => {
      for (const session of this.sessions.values()) session.stop();
    });

    if (this.callsInProgress > 0) await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.clock.clearTimer(timer);
    this.logger.info({}, "drained");
  }

  private async run(channel: Channel): Promise<void> {
    const startedAt = this.clock.now();
    const record = (outcome: CallRecord["outcome"], tenantId?: string, flow?: string, flowVersion?: number, values?: Pick<CallRecord, "answeredAt" | "variables" | "sensitiveVariables">): void =>
      this.options.onCallEnded?.({ callId: channel.callId, tenantId, flow, flowVersion, caller: channel.caller, called: channel.called, startedAt, endedAt: this.clock.now(), outcome, ...values });

    if (this.draining) {
      this.counters.refusedWhileDraining++;
      await this.refuse(channel, UNAVAILABLE_PROMPT, 41);
      record("unavailable");
      return;
    }
    const found = this.options.directory.lookup(channel.called);
    const entry = found instanceof Promise ? await found : found;

    if (!entry) {
      this.counters.notInService++;
      this.logger.warn({ callId: channel.callId, called: channel.called }, "called number not in the directory");
      await this.refuse(channel, NOT_IN_SERVICE_PROMPT, 1);
      record("not-in-service");
      return;
    }
    if (this.options.admission) {
      await this.runAdmitted(channel, entry, startedAt, this.options.admission, record);
      return;
    }
    const active = this.perNumber.get(entry.number) ?? 0;

    if (active >= entry.quotas.maxConcurrentCalls) {
      this.counters.busy++;
      this.logger.warn({ callId: channel.callId, tenantId: entry.tenantId, number: entry.number, limit: entry.quotas.maxConcurrentCalls }, "concurrent-call limit reached");
      await this.refuse(channel, BUSY_PROMPT, 17);
      record("busy", entry.tenantId, entry.flow);
      return;
    }
    this.perNumber.set(entry.number, active + 1);
    try {
      const { outcome, flowVersion, answeredAt, variables, sensitiveVariables } = await this.runFlow(channel, entry.tenantId, entry.flow, startedAt);

      record(outcome, entry.tenantId, entry.flow, flowVersion, { answeredAt, variables, sensitiveVariables });
    } finally {
      this.perNumber.set(entry.number, (this.perNumber.get(entry.number) ?? 1) - 1);
    }
  }

  private async runAdmitted(
    channel: Channel,
    entry: DirectoryEntry,
    startedAt: number,
    admission: CallAdmission,
    record: (outcome: CallRecord["outcome"], tenantId?: string, flow?: string, flowVersion?: number, values?: Pick<CallRecord, "answeredAt" | "variables" | "sensitiveVariables">) => void,
  ): Promise<void> {
    const decision = await admission.admit(entry, channel);

    if (!decision.admitted) {
      this.counters[decision.outcome]++;
      this.logger.warn({ callId: channel.callId, tenantId: entry.tenantId, number: entry.number, outcome: decision.outcome }, "call refused by admission");
      await this.refuse(channel, decision.prompt, decision.cause);
      record(decision.outcome, entry.tenantId, entry.flow);
      return;
    }
    try {
      const { outcome, flowVersion, answeredAt, variables, sensitiveVariables } = await this.runFlow(channel, entry.tenantId, entry.flow, startedAt);

      record(outcome, entry.tenantId, entry.flow, flowVersion, { answeredAt, variables, sensitiveVariables });
    } finally {
      await decision.release();
    }
  }

  private async runFlow(
    channel: Channel,
    tenantId: string,
    flow: string,
    startedAt: number,
  ): Promise<{ outcome: CallRecord["outcome"]; flowVersion?: number } & Pick<CallRecord, "answeredAt" | "variables" | "sensitiveVariables">> {
    let loaded;

    try {
      const planned = this.options.flows.plan(flow);

      loaded = planned instanceof Promise ? await planned : planned;
    } catch (error) {
      this.counters.flowFailed++;
      this.logger.error({ err: error, callId: channel.callId, tenantId, flow }, "flow could not be loaded; refusing the call");
      await this.refuse(channel, UNAVAILABLE_PROMPT, 41);
      return { outcome: "flow-failed" };
    }
    const start: CallStart = { callId: channel.callId, tenantId, flow, flowVersion: loaded.version, caller: channel.caller, called: channel.called, startedAt };

    channel.bindTenant?.(tenantId);
    const session = new Session({
      plan: loaded.plan,
      flowVersion: loaded.version,
      channel,
      clock: this.clock,
      // The session binds tenantId with the call's other ids in one child logger.
      logger: this.logger,
      tenantId,
      sink: this.options.traceSink?.(channel.callId, start),
      timeZone: this.options.timeZone,
      services: this.options.services?.(tenantId),
    });

    this.counters.started++;
    this.sessions.set(channel.callId, session);
    this.logger.info({ callId: channel.callId, tenantId, flow, flowVersion: loaded.version, caller: channel.caller, called: channel.called }, "call started");
    try {
      const result = await session.run();

      return { outcome: result.reason, flowVersion: loaded.version, answeredAt: result.answeredAt, variables: result.variables, sensitiveVariables: sensitiveVariablesOf(loaded.plan) };
    } finally {
      this.sessions.delete(channel.callId);
    }
  }

  // Plays a service prompt and hangs up with a Q.850 cause: 1 unallocated number, 17 busy,
  // 41 temporary failure.
  private async refuse(channel: Channel, prompt: PreparedPrompt, cause: number): Promise<void> {
    const call = new CallControl({ channel, clock: this.clock, language: this.options.serviceLanguage ?? "cmn", trace: () => undefined, variables: () => ({}) });

    try {
      await call.answer();
      await call.play(prompt, { nodeId: "service", bargeIn: false });
      await call.hangup(cause);
    } catch (error) {
      this.logger.debug({ err: error, callId: channel.callId }, "caller left during the service prompt");
    } finally {
      call.dispose();
    }
  }
}

// Names of each plan's sensitive variables, derived once per plan rather than at every call's end.
const SENSITIVE_VARIABLES = new WeakMap<Plan, readonly string[]>();

function sensitiveVariablesOf(plan: Plan): readonly string[] {
  let names = SENSITIVE_VARIABLES.get(plan);

  if (names === undefined) {
    names = Object.entries(plan.variables)
      .filter(([, declaration]) => declaration.sensitive)
      .map(([name]) => name);
    SENSITIVE_VARIABLES.set(plan, names);
  }
  return names;
}
