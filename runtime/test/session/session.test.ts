import { getEventListeners } from "node:events";

import { createNodeRegistry } from "@callflow/nodes";
import { builtinSpecRegistry } from "@callflow/nodes/specs";
import {
  compileFlow,
  MemoryLogger,
  MemoryTraceSink,
  parseCallerScript,
  REDACTED,
  SimulatedChannel,
  VirtualClock,
  type Logger,
  type MediaRequest,
  type PlaybackResult,
  type Plan,
  type ExpressionLimits,
  type ReferenceResolver,
  type TraceEvent,
} from "@callflow/sdk";

import { DEFAULT_APOLOGY_TEXTS } from "../../src/session/apology.js";
import { PlanNotRunnableError, Session, type SessionOptions, type SessionResult } from "../../src/session/session.js";

// Every prompt lasts 1 s, so the times in the caller scripts below are easy to follow.
const PROMPT_MS = 1000;
const START_MS = Date.parse("2026-12-07T02:00:00Z");

const registry = createNodeRegistry();

type Edge = [from: string, port: string, to: string];

interface FlowParts {
  name?: string;
  nodes: Array<{ id: string; type: string; config?: unknown }>;
  edges?: Edge[];
  onHangup?: string;
  variables?: Record<string, unknown>;
}

/** Builds a flow document whose entry is the first node. */
function flowDocument(parts: FlowParts): Record<string, unknown> {
  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: parts.name ?? "Test flow" },
    languages: ["en"],
    entry: parts.nodes[0].id,
    onHangup: parts.onHangup,
    variables: parts.variables ?? {},
    nodes: parts.nodes,
    edges: (parts.edges ?? []).map(([from, port, to]) => ({ from, port, to })),
  };
}

/** Compiles a flow with the built-in nodes and fails the test on any compile error. */
function compile(parts: FlowParts, resolver?: ReferenceResolver, expressionLimits?: ExpressionLimits): Plan {
  const result = compileFlow(flowDocument(parts), { registry, resolver, expressionLimits });

  if (!result.ok) throw new Error(`flow does not compile: ${result.problems.map((p) => `${p.code} ${p.message}`).join("; ")}`);
  return result.plan;
}

/** A simulated channel that keeps every playback signal, so tests can count leftover listeners. */
class RecordingChannel extends SimulatedChannel {
  readonly playbackSignals: AbortSignal[] = [];

  override play(media: MediaRequest, signal: AbortSignal): Promise<PlaybackResult> {
    this.playbackSignals.push(signal);
    return super.play(media, signal);
  }
}

interface CallOptions {
  input?: string;
  callId?: string;
  logger?: Logger;
  stepLimit?: number;
  subflowDepthLimit?: number;
}

interface StartedCall {
  session: Session;
  channel: RecordingChannel;
  sink: MemoryTraceSink;
  done: Promise<SessionResult>;
}

/** Starts a session on `clock`, which the caller then drives. */
function startCall(plan: Plan, clock: VirtualClock, options: CallOptions = {}): StartedCall {
  const channel = new RecordingChannel({
    clock,
    callId: options.callId,
    script: parseCallerScript(options.input ?? ""),
    promptDurationMs: () => PROMPT_MS,
  });
  const sink = new MemoryTraceSink();
  const sessionOptions: SessionOptions = {
    plan,
    channel,
    clock,
    sink,
    timeZone: "UTC",
    seed: 1,
    tenantId: "acme",
    logger: options.logger,
    stepLimit: options.stepLimit,
    subflowDepthLimit: options.subflowDepthLimit,
  };
  const session = new Session(sessionOptions);

  return { session, channel, sink, done: session.run() };
}

/** Runs one call to its end on its own virtual clock. */
async function runCall(plan: Plan, options: CallOptions = {}) {
  const clock = new VirtualClock(START_MS);
  const call = startCall(plan, clock, options);

  await clock.runUntilIdle();
  const result = await call.done;

  return { ...call, result, clock, trace: call.sink.events };
}

/** Returns the ids of the nodes entered, in order. */
function path(trace: TraceEvent[]): string[] {
  return trace.flatMap((event) => (event.type === "node.entered" ? [event.nodeId] : []));
}

function nodeErrors(trace: TraceEvent[]): Array<{ nodeId: string; code: string; message: string }> {
  return trace.flatMap((event) => (event.type === "node.error" ? [{ nodeId: event.nodeId, code: event.code, message: event.message }] : []));
}

function portLeft(trace: TraceEvent[], nodeId: string): string | undefined {
  return trace.flatMap((event) => (event.type === "node.left" && event.nodeId === nodeId ? [event.port] : []))[0];
}

const say = (id: string, text: string) => ({ id, type: "media.play", config: { prompt: { tts: { en: text } } } });
const hangup = (id: string) => ({ id, type: "call.hangup" });

// Post-call work that every hang-up test checks for.
const postCall = [
  { id: "record", type: "logic.set", config: { assignments: [{ variable: "endedAt", value: "$millis()" }] } },
  { id: "note", type: "util.log", config: { message: "call ended" } },
];
const postCallEdges: Edge[] = [["record", "next", "note"]];

describe("Session hang-up", () => {
  const collectFlow = compile({
    nodes: [
      { id: "start", type: "call.inbound" },
      say("welcome", "Welcome to the bank"),
      { id: "collect", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Enter your account number" } }, variable: "accountNo" } },
      hangup("bye"),
      ...postCall,
    ],
    edges: [["start", "next", "welcome"], ["welcome", "next", "collect"], ["collect", "next", "bye"], ...postCallEdges],
    onHangup: "record",
  });

  test("during a prompt runs onHangup", async () => {
    const { result, trace } = await runCall(collectFlow, { input: "hangup@0.5s" });

    expect(result.reason).toBe("hangup");
    expect(path(trace)).toEqual(["start", "welcome", "record", "note"]);
    expect(portLeft(trace, "welcome")).toBe("hangup");
  });

  test("during digit collection runs onHangup", async () => {
    const { result, trace } = await runCall(collectFlow, { input: "12@2.5s,hangup@3.5s" });

    expect(result.reason).toBe("hangup");
    expect(path(trace)).toEqual(["start", "welcome", "collect", "record", "note"]);
    expect(result.variables.accountNo).toBeUndefined();
  });

  test("onHangup work sees the hang-up time", async () => {
    const { result } = await runCall(collectFlow, { input: "hangup@3.5s" });

    expect(result.variables.endedAt).toBe(START_MS + 3500);
  });

  test("flow hang-up skips onHangup", async () => {
    const { result, trace, channel } = await runCall(collectFlow, { input: "1234#@2.5s" });

    expect(result.reason).toBe("completed");
    expect(path(trace)).toEqual(["start", "welcome", "collect", "bye"]);
    expect(channel.hungUpBy).toBe("flow");
  });
});

describe("Session node errors", () => {
  const failing = { id: "lookup", type: "logic.set", config: { assignments: [{ variable: "amount", value: '$number("twelve")' }] } };

  test("error edge taken", async () => {
    const plan = compile({
      nodes: [failing, say("sorry", "The service is not available"), hangup("bye")],
      edges: [["lookup", "next", "bye"], ["lookup", "error", "sorry"], ["sorry", "next", "bye"]],
    });

    const { result, trace } = await runCall(plan);

    expect(result.reason).toBe("completed");
    expect(path(trace)).toEqual(["lookup", "sorry", "bye"]);
    expect(nodeErrors(trace).map((e) => [e.nodeId, e.code])).toEqual([["lookup", "D3030"]]);
  });

  describe("without an error edge", () => {
    const plan = compile({ nodes: [failing, hangup("bye")], edges: [["lookup", "next", "bye"]] });

    test("plays the apology and hangs up", async () => {
      const { result, trace, channel } = await runCall(plan);

      expect(result.reason).toBe("error");
      expect(path(trace)).toEqual(["lookup"]);
      expect(channel.played.map((media) => media.text)).toEqual([DEFAULT_APOLOGY_TEXTS.en]);
      expect(channel.hungUpBy).toBe("flow");
    });

    test("logs the failure with ids", async () => {
      const logger = new MemoryLogger();

      await runCall(plan, { logger, callId: "call-7" });

      const record = logger.records.find((r) => r.level === "error");
      expect(record?.message).toBe("node failed with no error path; ending the call");
      expect(record?.fields).toMatchObject({ tenantId: "acme", callId: "call-7", flow: "main", nodeId: "lookup", nodeType: "logic.set" });
    });
  });

  test("specs-only plan rejected", () => {
    const compiled = compileFlow(flowDocument({ nodes: [hangup("bye")] }), { registry: builtinSpecRegistry() });
    const clock = new VirtualClock(START_MS);
    const plan = compiled.ok ? compiled.plan : undefined;

    const create = () => new Session({ plan: plan!, channel: new SimulatedChannel({ clock }), clock });

    expect(create).toThrow(PlanNotRunnableError);
  });
});

describe("Session runaway expressions", () => {
  const runawayFlow = (expression: string, expressionLimits?: ExpressionLimits) =>
    compile({
      nodes: [
        { id: "start", type: "call.inbound" },
        { id: "risky", type: "logic.set", config: { assignments: [{ variable: "total", value: expression }] } },
        say("sorry", "We cannot calculate that now"),
        hangup("bye"),
      ],
      edges: [["start", "next", "risky"], ["risky", "next", "bye"], ["risky", "error", "sorry"], ["sorry", "next", "bye"]],
    }, undefined, expressionLimits);

  // Each expression would run for a long time or without end, so the evaluation limits stop it.
  // The recursion gets a long time limit, so a loaded machine cannot stop it by time first.
  const untimed = { timeoutMs: 10_000, maxDepth: 200, maxSequence: 100_000 };
  const endless = "$sum($map([1..99999], function($v){ $string($v) ~> $length() }))";

  test.each([
    ["huge range", "$sum($map([1..5000000], function($v){$v}))", "D2015", "maximum sequence length", undefined],
    ["endless recursion", "($f := function($n){ $n + $f($n + 1) }; $f(0))", "D1011", "Stack overflow", untimed],
    ["long loop", endless, "D1012", "Evaluation timeout after 100 milliseconds", undefined],
  ])("%s fails through the error port", async (_name, expression, code, message, limits) => {
    const { result, trace } = await runCall(runawayFlow(expression, limits));

    expect(path(trace)).toEqual(["start", "risky", "sorry", "bye"]);
    expect(result.reason).toBe("completed");
    expect(nodeErrors(trace)[0].code).toBe(code);
    expect(nodeErrors(trace)[0].message).toContain(message);
  });

  test("other session on the clock unaffected", async () => {
    const menuFlow = compile({
      nodes: [
        { id: "start", type: "call.inbound" },
        say("welcome", "Welcome"),
        { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "For sales press 1" } }, options: [{ key: "1", port: "sales" }] } },
        say("sales", "Connecting you to sales"),
        hangup("bye"),
      ],
      edges: [["start", "next", "welcome"], ["welcome", "next", "menu"], ["menu", "sales", "sales"], ["sales", "next", "bye"]],
    });
    const alone = await runCall(menuFlow, { input: "1@2.5s" });
    const clock = new VirtualClock(START_MS);

    const runaway = startCall(runawayFlow(endless), clock, { callId: "runaway" });
    const other = startCall(menuFlow, clock, { callId: "other", input: "1@2.5s" });
    await clock.runUntilIdle();
    const [runawayResult, otherResult] = await Promise.all([runaway.done, other.done]);

    expect(runawayResult.reason).toBe("completed");
    expect(path(runaway.sink.events)).toEqual(["start", "risky", "sorry", "bye"]);
    expect(otherResult.reason).toBe("completed");
    expect(path(other.sink.events)).toEqual(path(alone.trace));
    expect(otherResult.durationMs).toBe(alone.result.durationMs);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("Session step limit", () => {
  const loopFlow = compile({
    nodes: [
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "done" }], maxAttempts: 1 } },
      say("again", "Let us try again"),
      hangup("bye"),
    ],
    edges: [["menu", "done", "bye"], ["menu", "timeout", "again"], ["menu", "invalid", "again"], ["again", "next", "menu"]],
  });

  test("ends a looping call", async () => {
    const { result, trace, channel } = await runCall(loopFlow, { stepLimit: 5 });

    expect(result.reason).toBe("step-limit");
    expect(path(trace)).toEqual(["menu", "again", "menu", "again", "menu"]);
    expect(channel.played.at(-1)?.text).toBe(DEFAULT_APOLOGY_TEXTS.en);
    expect(channel.hungUpBy).toBe("flow");
  });

  test("counts the steps run", async () => {
    const { result, trace } = await runCall(loopFlow, { stepLimit: 5 });

    expect(result.steps).toBe(path(trace).length);
  });

  test("reached in a subflow ends the call", async () => {
    const plan = compile(
      { nodes: [{ id: "sub", type: "flow.subflow", config: { flow: "loop" } }, say("after", "Never played"), hangup("bye")], edges: [["sub", "next", "after"], ["after", "next", "bye"]] },
      { flow: (name) => (name === "loop" ? loopFlow.document : undefined) },
    );

    const { result, trace } = await runCall(plan, { stepLimit: 4 });

    expect(result.reason).toBe("step-limit");
    expect(path(trace)).toEqual(["sub", "menu", "again", "menu"]);
  });
});

describe("Session subflows", () => {
  const verify = flowDocument({
    name: "Verify account",
    nodes: [
      say("checking", "Checking account {{ account }}"),
      { id: "check", type: "logic.switch", config: { conditions: [{ when: "$length(account) = 10", port: "good" }] } },
      { id: "good", type: "logic.set", config: { assignments: [{ variable: "ok", value: "true" }] } },
      { id: "bad", type: "logic.set", config: { assignments: [{ variable: "ok", value: "false" }] } },
      { id: "done", type: "util.log", config: { message: "verified {{ ok }}" } },
    ],
    edges: [["checking", "next", "check"], ["check", "good", "good"], ["check", "default", "bad"], ["good", "next", "done"], ["bad", "next", "done"]],
  });
  const flows: Record<string, unknown> = { verify };
  const resolver = { flow: (name: string) => flows[name] };
  const mainFlow = compile(
    {
      variables: { accountNo: { type: "string", initial: "0912345678" } },
      nodes: [
        { id: "sub", type: "flow.subflow", config: { flow: "verify", inputs: [{ variable: "account", value: "accountNo" }], outputs: [{ variable: "verified", from: "ok" }] } },
        hangup("bye"),
      ],
      edges: [["sub", "next", "bye"]],
    },
    resolver,
  );

  test("maps inputs and outputs", async () => {
    const { result, trace } = await runCall(mainFlow);

    expect(result.reason).toBe("completed");
    expect(path(trace)).toEqual(["sub", "checking", "check", "good", "done", "bye"]);
    expect(result.variables.verified).toBe(true);
  });

  test("subflow variables stay in the subflow", async () => {
    const { result } = await runCall(mainFlow);

    expect(result.variables.account).toBeUndefined();
    expect(result.variables.ok).toBeUndefined();
  });

  test("subflow prompt reads subflow variables", async () => {
    const { channel } = await runCall(mainFlow);

    expect(channel.played[0].text).toBe("Checking account 0912345678");
  });

  describe("depth limit", () => {
    // main calls level1, which calls level2: two levels of nesting.
    const level2 = flowDocument({ name: "Level 2", nodes: [{ id: "deepest", type: "util.log", config: { message: "level 2" } }] });
    const callLevel2 = { id: "callLevel2", type: "flow.subflow", config: { flow: "level2" } };
    const level1 = flowDocument({
      name: "Level 1",
      nodes: [callLevel2, { id: "back1", type: "util.log", config: { message: "level 1" } }, { id: "tooDeep", type: "util.log", config: { message: "too deep" } }],
      edges: [["callLevel2", "next", "back1"], ["callLevel2", "error", "tooDeep"]],
    });
    const main = (level1Document: unknown) =>
      compile(
        { nodes: [{ id: "callLevel1", type: "flow.subflow", config: { flow: "level1" } }, hangup("bye")], edges: [["callLevel1", "next", "bye"]] },
        { flow: (name) => ({ level1: level1Document, level2 })[name] },
      );

    test("allows nesting up to the limit", async () => {
      const { result, trace } = await runCall(main(level1), { subflowDepthLimit: 2 });

      expect(result.reason).toBe("completed");
      expect(path(trace)).toEqual(["callLevel1", "callLevel2", "deepest", "back1", "bye"]);
    });

    test("depth error leaves by the error port", async () => {
      const { result, trace } = await runCall(main(level1), { subflowDepthLimit: 1 });

      expect(path(trace)).toEqual(["callLevel1", "callLevel2", "tooDeep", "bye"]);
      expect(nodeErrors(trace).map((e) => e.code)).toEqual(["subflow-depth"]);
      expect(result.reason).toBe("completed");
    });

    test("depth error without error port ends the call", async () => {
      const withoutErrorPort = flowDocument({ name: "Level 1", nodes: [callLevel2, { id: "back1", type: "util.log", config: { message: "level 1" } }], edges: [["callLevel2", "next", "back1"]] });

      const { result, trace, channel } = await runCall(main(withoutErrorPort), { subflowDepthLimit: 1 });

      expect(result.reason).toBe("error");
      expect(path(trace)).toEqual(["callLevel1", "callLevel2"]);
      expect(nodeErrors(trace).map((e) => e.code)).toEqual(["subflow-depth", "subflow-failed"]);
      expect(channel.played.map((media) => media.text)).toEqual([DEFAULT_APOLOGY_TEXTS.en]);
    });
  });

  test("hang-up node in a subflow ends the call", async () => {
    const goodbye = flowDocument({ name: "Goodbye", nodes: [say("thanks", "Thank you for calling"), hangup("end")], edges: [["thanks", "next", "end"]] });
    const plan = compile(
      {
        nodes: [{ id: "sub", type: "flow.subflow", config: { flow: "goodbye" } }, say("after", "This is never played"), hangup("bye"), ...postCall],
        edges: [["sub", "next", "after"], ["after", "next", "bye"], ...postCallEdges],
        onHangup: "record",
      },
      { flow: (name) => (name === "goodbye" ? goodbye : undefined) },
    );

    const { result, trace } = await runCall(plan);

    expect(result.reason).toBe("completed");
    expect(path(trace)).toEqual(["sub", "thanks", "end"]);
  });

  test("subflow failure leaves by the parent's error port", async () => {
    const failingSub = flowDocument({
      name: "Failing",
      nodes: [{ id: "boom", type: "logic.set", config: { assignments: [{ variable: "x", value: '$error("backend down")' }] } }, { id: "done", type: "util.log", config: { message: "never" } }],
      edges: [["boom", "next", "done"]],
    });
    const plan = compile(
      {
        nodes: [{ id: "sub", type: "flow.subflow", config: { flow: "failing" } }, say("sorry", "Please try later"), hangup("bye")],
        edges: [["sub", "next", "bye"], ["sub", "error", "sorry"], ["sorry", "next", "bye"]],
      },
      { flow: (name) => (name === "failing" ? failingSub : undefined) },
    );

    const { result, trace, channel } = await runCall(plan);

    expect(path(trace)).toEqual(["sub", "boom", "sorry", "bye"]);
    expect(result.reason).toBe("completed");
    expect(channel.played.map((media) => media.text)).toEqual(["Please try later"]);
  });
});

describe("Session type-ahead", () => {
  const collect = (clearBuffer: boolean) => ({
    id: "collect",
    type: "ivr.collectDigits",
    config: { prompt: { tts: { en: "Enter your account number" } }, variable: "accountNo", clearBuffer },
  });

  test.each([
    [true, "1234"],
    [false, "91234"],
  ])("clearBuffer %s, entry %s", async (clearBuffer, entry) => {
    // "9" stops the welcome prompt and waits in the type-ahead buffer for the next node.
    const plan = compile({ nodes: [say("welcome", "Welcome"), collect(clearBuffer), hangup("bye")], edges: [["welcome", "next", "collect"], ["collect", "next", "bye"]] });

    const { result } = await runCall(plan, { input: "9@0.5s,1234#@2s" });

    expect(result.variables.accountNo).toBe(entry);
  });

  test("menu leftovers feed the next node", async () => {
    const plan = compile({
      nodes: [
        { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Menu" } }, options: [{ key: "2", port: "account" }, { key: "231", port: "lost" }] } },
        collect(false),
        hangup("bye"),
      ],
      edges: [["menu", "account", "collect"], ["menu", "lost", "bye"], ["collect", "next", "bye"]],
    });

    const { result, trace } = await runCall(plan, { input: "29876#@1.5s" });

    expect(path(trace)).toEqual(["menu", "collect", "bye"]);
    expect(result.variables.accountNo).toBe("9876");
  });
});

describe("Session sensitive variables", () => {
  const plan = compile({
    variables: { accountNo: { type: "string", sensitive: true } },
    nodes: [
      { id: "collect", type: "ivr.collectDigits", config: { prompt: { tts: { en: "Enter your account number" } }, variable: "accountNo" } },
      { id: "note", type: "util.log", config: { message: "account {{ accountNo }} entered" } },
      say("confirm", "You entered {{ accountNo }}"),
      hangup("bye"),
    ],
    edges: [["collect", "next", "note"], ["note", "next", "confirm"], ["confirm", "next", "bye"]],
  });

  // Not the simulated caller's number, which the trace rightly contains.
  const input = "5566778899#@2s";

  test("redacted in variable changes", async () => {
    const { trace } = await runCall(plan, { input });

    const change = trace.find((event) => event.type === "variable.changed" && event.name === "accountNo");
    expect(change).toMatchObject({ value: REDACTED, sensitive: true });
  });

  test("redacted in log messages", async () => {
    const { trace } = await runCall(plan, { input });

    const log = trace.find((event) => event.type === "log");
    expect(log).toMatchObject({ message: `account ${REDACTED} entered` });
  });

  test("redacted in prompt text", async () => {
    const { trace } = await runCall(plan, { input });

    const prompt = trace.find((event) => event.type === "prompt.played" && event.nodeId === "confirm");
    expect(prompt).toMatchObject({ text: `You entered ${REDACTED}` });
  });

  test("absent from the whole trace", async () => {
    const { trace } = await runCall(plan, { input });

    expect(JSON.stringify(trace)).not.toContain("5566778899");
  });

  test("spoken to the caller", async () => {
    const { channel, result } = await runCall(plan, { input });

    expect(channel.played[1].text).toBe("You entered 5566778899");
    expect(result.variables.accountNo).toBe("5566778899");
  });
});

describe("Session cleanup", () => {
  const menuFlow = compile({
    nodes: [
      say("welcome", "Welcome"),
      { id: "menu", type: "ivr.menu", config: { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }, { key: "12", port: "twelve" }], maxAttempts: 2 } },
      hangup("bye"),
      ...postCall,
    ],
    edges: [["welcome", "next", "menu"], ["menu", "one", "bye"], ["menu", "twelve", "bye"], ...postCallEdges],
    onHangup: "record",
  });

  test.each([
    ["a completed call", "1@2.5s"],
    ["barge-in then inter-digit timeout", "1@0.5s"],
    ["hang-up during a prompt", "hangup@0.5s"],
    ["hang-up while waiting for a key", "hangup@3s"],
    ["menu timeouts", ""],
    ["keys after the flow hung up", "1@2.5s,2@9s,hangup@20s"],
  ])("no timers left after %s", async (_name, input) => {
    const { clock } = await runCall(menuFlow, { input });

    expect(clock.pendingTimers).toBe(0);
  });

  test.each([
    ["a completed call", "1@2.5s"],
    ["barge-in", "1@0.5s"],
    ["hang-up during a prompt", "hangup@0.5s"],
  ])("no abort listeners left after %s", async (_name, input) => {
    const { channel, session } = await runCall(menuFlow, { input });

    const leftovers = [session.call.signal, ...channel.playbackSignals].map((signal) => getEventListeners(signal, "abort").length);
    expect(leftovers.every((count) => count === 0)).toBe(true);
  });
});
