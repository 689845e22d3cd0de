import { SCRIPT_SERVICE } from "@callflow/nodes";
import {
  CallControl,
  CallHangupError,
  ERROR_PORT,
  REDACTED,
  SessionVariables,
  seededRandom,
  silentLogger,
  type CallEndReason,
  type Channel,
  type Clock,
  type Logger,
  type NodeServices,
  type Plan,
  type PlanNode,
  type PreparedPrompt,
  type TraceEvent,
  type TraceEventInput,
  type TraceSink,
} from "@callflow/sdk";

import { apologyPrompt } from "./apology.js";
import { FrameContext } from "./frame-context.js";

/** Options of a {@link Session}. */
export interface SessionOptions {
  plan: Plan;
  channel: Channel;
  clock: Clock;
  /** Trace destination; without one no trace events are built. */
  sink?: TraceSink;
  /** Logger already bound to tenant and call ids. */
  logger?: Logger;
  tenantId?: string;
  /** Published version of the flow, for traces and logs. */
  flowVersion?: number;
  /** Node steps after which the call ends. Default 10,000. */
  stepLimit?: number;
  /** Deepest nesting of subflows. Default 8. */
  subflowDepthLimit?: number;
  /** Played before hanging up when a node fails with no `error` path. */
  apology?: PreparedPrompt;
  /** IANA time zone of the call's site. Default UTC. */
  timeZone?: string;
  /** Seed of the session's random generator (percentage splits). Default: random. */
  seed?: number;
  typeAheadLimit?: number;
  /** The tenant's services for nodes that reach other systems (HTTP, sockets, scripts). */
  services?: NodeServices;
}

/** Outcome of a session. */
export interface SessionResult {
  reason: CallEndReason;
  steps: number;
  durationMs: number;
  /** Clock time at which the call was answered, when it was. */
  answeredAt?: number;
  /** Final variables of the main flow, sensitive values included (callers redact for display). */
  variables: Record<string, unknown>;
}

/** A subflow call nested deeper than the session allows. */
export class SubflowDepthError extends Error {
  readonly code = "subflow-depth";

  constructor(limit: number) {
    super(`subflows are nested more than ${limit} deep; check for a subflow chain that never returns`);
    this.name = "SubflowDepthError";
  }
}

/** One frame of execution: the main flow, or a subflow with its own variables. */
interface Frame {
  plan: Plan;
  variables: SessionVariables;
  depth: number;
  context: FrameContext;
}

/** Port taken; undefined when the caller hung up during the node; null when the node failed and the call ended. */
type StepOutcome = string | null | undefined;

type WalkOutcome = "completed" | "hangup" | "error" | "step-limit" | "aborted";

/**
 * Runs one call through a compiled plan: one session per call. Walks from the entry node by the
 * ports each node returns; when the caller hangs up, the running node is interrupted and the flow
 * continues at `onHangup`. Ends at an unconnected port, a hang-up, the step limit, or a node
 * failure without an `error` path (after an apology prompt).
 */
export class Session {
  readonly callId: string;
  readonly call: CallControl;
  private readonly plan: Plan;
  private readonly clock: Clock;
  private readonly sink: TraceSink | undefined;
  // Made by the logger getter on first use, which for most calls is the "call ended" record:
  // a child logger costs microseconds (pino serializes its bindings) at the call's first step.
  private boundLogger: Logger | undefined;
  private readonly stepLimit: number;
  private readonly subflowDepthLimit: number;
  private readonly options: SessionOptions;
  private readonly random: () => number;
  private readonly startedAt: number;
  private steps = 0;
  // Set when the limit stops a walk, so the flows above a subflow stop too.
  private stepLimitReached = false;
  private mainFrame: Frame | undefined;
  // Set by stop(): the running node is interrupted and the call ends with an apology.
  private stopping = false;
  // Frame of the node running now, whose variables prompt templates read: a subflow's own.
  private activeFrame: Frame | undefined;
  // Set while the running node stores caller input into a sensitive variable, so the digits
  // the caller presses are redacted in the trace as the variable's value is.
  private collectingSensitive = false;

  constructor(options: SessionOptions) {
    if (!RUNNABLE_PLANS.has(options.plan)) assertRunnable(options.plan, new Set());
    this.options = options;
    this.plan = options.plan;
    this.clock = options.clock;
    this.sink = options.sink;
    this.callId = options.channel.callId;
    this.stepLimit = options.stepLimit ?? 10_000;
    this.subflowDepthLimit = options.subflowDepthLimit ?? 8;
    this.random = seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32));
    this.startedAt = this.clock.now();
    this.call = new CallControl({
      channel: options.channel,
      clock: this.clock,
      language: this.plan.languages[0],
      trace: (event) => this.emit(event),
      variables: () => this.activeFrame?.variables.values ?? {},
      traceVariables: this.sink ? () => this.activeFrame?.variables.redacted() ?? {} : undefined,
      typeAheadLimit: options.typeAheadLimit,
    });
  }

  /** The session's logger, bound to the tenant, call and flow ids. */
  get logger(): Logger {
    this.boundLogger ??= (this.options.logger ?? silentLogger).child({
      tenantId: this.options.tenantId,
      callId: this.callId,
      flow: this.plan.id,
      flowName: this.plan.name,
      flowVersion: this.options.flowVersion,
    });
    return this.boundLogger;
  }

  /** Runs the call to its end. Never rejects: failures end the call and are logged. */
  async run(): Promise<SessionResult> {
    const channel = this.options.channel;
    const frame = this.createFrame(this.plan, 0);

    this.mainFrame = frame;
    if (this.sink) this.emit({ type: "call.started", flow: this.plan.name, flowVersion: this.options.flowVersion, caller: channel.caller, called: channel.called });
    frame.variables.set("callId", channel.callId);
    frame.variables.set("caller", channel.caller);
    frame.variables.set("called", channel.called);
    frame.variables.set("language", this.call.language);
    const outcome = await this.walkSafely(frame, this.plan.entry);
    const reason: CallEndReason = outcome === "completed" && this.call.continuedInDialplan ? "transferred" : outcome;

    if (outcome === "hangup" && this.plan.onHangup) await this.walkSafely(frame, this.plan.onHangup);
    if (!this.call.ended) await this.hangupQuietly();
    this.call.dispose();
    // The call's scripts shared a context in the sandbox; releasing it keeps their state from any other call.
    this.options.services?.get(SCRIPT_SERVICE)?.endCall?.(this.call);
    const durationMs = this.clock.now() - this.startedAt;

    if (this.sink) this.emit({ type: "call.ended", reason, steps: this.steps, durationMs });
    this.logger.info({ reason, steps: this.steps, durationMs }, "call ended");
    return { reason, steps: this.steps, durationMs, answeredAt: this.call.answeredAt, variables: copyVariables(frame.variables.values) };
  }

  /**
   * Ends the call politely from outside (a draining runtime): the running node is interrupted,
   * the apology prompt plays and the call is hung up, whatever the flow's error paths say.
   */
  stop(): void {
    if (this.stopping || this.call.ended) return;
    this.stopping = true;
    this.logger.info({}, "stopping the call");
    this.call.interrupt(new SessionStoppedError());
  }

  private createFrame(plan: Plan, depth: number): Frame {
    const variables = new SessionVariables(plan.variables, this.sink ? (event) => this.emit(event) : undefined);
    const frame = { plan, variables, depth } as Frame;

    frame.context = new FrameContext(
      {
        flow: { id: plan.id, version: depth === 0 ? this.options.flowVersion : undefined },
        call: this.call,
        variables,
        clock: this.clock,
        timeZone: this.options.timeZone ?? "UTC",
        random: this.random,
        // A node may keep or reuse its event object, and emit stamps the object it gets.
        trace: (event) => this.emit({ ...event }),
        runSubflow: (subplan, inputs) => this.runSubflow(frame, subplan, inputs),
      },
      this,
      this.options.services,
    );
    return frame;
  }

  private async walkSafely(frame: Frame, start: PlanNode): Promise<WalkOutcome> {
    try {
      return await this.walk(frame, start);
    } catch (error) {
      // walk handles node failures itself; reaching here is a bug in the interpreter or a sink.
      this.logger.error({ err: error }, "session failed unexpectedly");
      return "error";
    }
  }

  private async walk(frame: Frame, start: PlanNode): Promise<WalkOutcome> {
    const inOnHangup = this.call.callerHungUp;
    let node: PlanNode | undefined = start;

    while (node !== undefined) {
      if (this.stopping) {
        await this.apologize(node);
        return "aborted";
      }
      if (this.steps >= this.stepLimit) {
        this.logger.error({ nodeId: node.id, stepLimit: this.stepLimit }, "step limit reached; ending the call");
        this.stepLimitReached = true;
        await this.apologize(node);
        return "step-limit";
      }
      this.steps++;
      const stepped = this.step(frame, node);
      const port = stepped instanceof Promise ? await stepped : stepped;

      if (port === null) return this.stopping ? "aborted" : "error";
      if (this.stepLimitReached) return "step-limit";
      if (!inOnHangup && this.call.callerHungUp) return "hangup";
      // The flow hung up, perhaps in a subflow of this node, so nothing after it may run.
      if (port === undefined || (this.call.ended && !this.call.callerHungUp)) return "completed";
      node = node.next[port];
    }
    return "completed";
  }

  /**
   * Runs one node. Returns the port taken, undefined when the caller hung up during the node,
   * or null when the node failed with no `error` path: the call was ended, or in a subflow, the
   * subflow fails.
   */
  private step(frame: Frame, node: PlanNode): StepOutcome | Promise<StepOutcome> {
    const sink = this.sink;
    const enteredAt = sink ? this.clock.now() : 0;

    if (sink) this.emit({ type: "node.entered", nodeId: node.id, nodeType: node.type, flow: frame.plan.id });
    this.activeFrame = frame;
    this.collectingSensitive = storesSensitiveInput(frame, node);
    let result: string | Promise<string>;

    try {
      result = node.run!(frame.context.enter(node), node.prepared);
    } catch (error) {
      return this.onNodeError(frame, node, error);
    }
    // A node that finishes synchronously (logic on compiled expressions) costs no promise.
    if (typeof result === "string") return this.left(node, result, enteredAt);
    return result.then(
      (port) => this.left(node, port, enteredAt),
      (error: unknown) => this.onNodeError(frame, node, error),
    );
  }

  private left(node: PlanNode, port: string, enteredAt: number): string {
    if (this.sink) this.emit({ type: "node.left", nodeId: node.id, port, durationMs: this.clock.now() - enteredAt });
    return port;
  }


  private async onNodeError(frame: Frame, node: PlanNode, error: unknown): Promise<string | null | undefined> {
    if (error instanceof CallHangupError || this.call.callerHungUp) {
      if (this.sink) this.emit({ type: "node.left", nodeId: node.id, port: "hangup", durationMs: 0 });
      return undefined;
    }
    if (this.stopping) {
      if (this.sink) this.emit({ type: "node.left", nodeId: node.id, port: "stopped", durationMs: 0 });
      await this.apologize(node);
      return null;
    }
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : String(error);

    this.emit({ type: "node.error", nodeId: node.id, code: typeof code === "string" ? code : "node-failed", message });
    if (node.next[ERROR_PORT] !== undefined) {
      this.logger.warn({ nodeId: node.id, nodeType: node.type, err: error }, "node failed; leaving by its error port");
      if (this.sink) this.emit({ type: "node.left", nodeId: node.id, port: ERROR_PORT, durationMs: 0 });
      return ERROR_PORT;
    }
    // The subflow node in the parent flow may have an error port of its own, so the call goes on.
    if (frame.depth > 0) {
      this.logger.warn({ nodeId: node.id, nodeType: node.type, err: error }, "node failed with no error path; failing the subflow");
      return null;
    }
    this.logger.error({ nodeId: node.id, nodeType: node.type, err: error }, "node failed with no error path; ending the call");
    await this.apologize(node);
    return null;
  }

  private async apologize(node: PlanNode): Promise<void> {
    if (this.call.ended) return;
    try {
      await this.call.play(this.options.apology ?? apologyPrompt(), { nodeId: node.id, bargeIn: false });
    } catch (error) {
      if (!(error instanceof CallHangupError)) this.logger.warn({ err: error }, "apology prompt failed");
    }
    await this.hangupQuietly();
  }

  private async hangupQuietly(): Promise<void> {
    try {
      await this.call.hangup();
    } catch (error) {
      this.logger.warn({ err: error }, "hang-up failed");
    }
  }

  private async runSubflow(parent: Frame, plan: Plan, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (parent.depth + 1 > this.subflowDepthLimit) throw new SubflowDepthError(this.subflowDepthLimit);
    const frame = this.createFrame(plan, parent.depth + 1);

    for (const [name, value] of Object.entries(inputs)) frame.variables.set(name, value);
    for (const name of ["callId", "caller", "called", "language"]) frame.variables.values[name] = parent.variables.values[name];
    const outcome = await this.walk(frame, plan.entry);

    this.activeFrame = parent;
    if (outcome === "hangup") throw new CallHangupError();
    if (outcome === "error") throw new SubflowFailedError(plan.name);
    if (outcome === "aborted") throw new SessionStoppedError();
    return copyVariables(frame.variables.values);
  }

  // Stamps the event in place, so every caller passes an object of its own. A copy here would be
  // a spread that meets every event shape, which V8 then runs on its slow generic path: about
  // 1 µs an event, most of a traced step.
  private emit(event: TraceEventInput): void {
    if (event.type === "language.changed") {
      if (this.mainFrame) this.mainFrame.variables.values.language = event.language;
      if (this.activeFrame) this.activeFrame.variables.values.language = event.language;
    }
    const sink = this.sink;

    if (sink === undefined) return;
    const stamped = (event.type === "input.digit" && this.collectingSensitive ? { ...event, digit: REDACTED } : event) as TraceEvent;

    stamped.v = 1;
    stamped.at = this.clock.now();
    stamped.callId = this.callId;
    sink.write(stamped);
  }
}

/**
 * Returns whether a node stores caller input into a sensitive variable, by the `variable` of its
 * config, as input nodes such as ivr.collectDigits name it.
 *
 * NOTE: digits pressed ahead, during an earlier node's prompt, are traced under that node and
 * stay in clear text.
 */
function storesSensitiveInput(frame: Frame, node: PlanNode): boolean {
  const variable = (node.prepared as { variable?: unknown } | undefined)?.variable;

  return typeof variable === "string" && frame.variables.isSensitive(variable);
}

/** The runtime stopped the session (shutdown). */
export class SessionStoppedError extends Error {
  readonly code = "session-stopped";

  constructor() {
    super("the runtime is shutting down and ended the call");
    this.name = "SessionStoppedError";
  }
}

/** A subflow ended by a node failure. */
export class SubflowFailedError extends Error {
  readonly code = "subflow-failed";

  constructor(name: string) {
    super(`subflow "${name}" failed; see its node error in the trace`);
    this.name = "SubflowFailedError";
  }
}

/** A plan compiled with specs alone (the browser's registry) cannot run. */
export class PlanNotRunnableError extends Error {
  readonly code = "plan-not-runnable";

  constructor(flow: string, nodeId: string, type: string) {
    super(`flow "${flow}" node "${nodeId}" (${type}) has no run function; compile the flow with the runtime's node registry, not the specs-only one`);
    this.name = "PlanNotRunnableError";
  }
}

/**
 * Copies variables into a plain object. The values object has a null prototype, so V8 keeps it
 * in dictionary mode, where a spread takes V8's slow generic path: about 2.4 µs for 14
 * variables, against 0.6 µs for this loop. A variable may be named `__proto__`, so that key is
 * defined rather than assigned, as a spread does.
 */
function copyVariables(values: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};

  for (const name in values) {
    if (name === "__proto__") Object.defineProperty(copy, name, { value: values[name], enumerable: true, writable: true, configurable: true });
    else copy[name] = values[name];
  }
  return copy;
}

// Plans that passed assertRunnable. A plan does not change after compiling, so each is checked
// once rather than at every call's start.
const RUNNABLE_PLANS = new WeakSet<Plan>();

function assertRunnable(plan: Plan, checked: Set<Plan>): void {
  if (checked.has(plan)) return;
  checked.add(plan);
  for (const node of plan.nodes.values()) {
    if (node.run === undefined) throw new PlanNotRunnableError(plan.name, node.id, node.type);
  }
  RUNNABLE_PLANS.add(plan);
}
