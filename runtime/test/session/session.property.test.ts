import { getEventListeners } from "node:events";

import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow, MemoryTraceSink, parseCallerScript, SimulatedChannel, VirtualClock, type CallEndReason } from "@callflow/sdk";
import fc from "fast-check";

import { Session } from "../../src/session/session.js";

// These properties run random flows of the built-in call and logic nodes against random callers.
// Nodes that do not wait connect only forward, and the last node hangs up, so every cycle passes
// a node that waits for the caller or for time and every flow compiles. Waiting nodes connect
// anywhere, so flows loop.

const END_REASONS: readonly CallEndReason[] = ["completed", "hangup", "error", "step-limit", "transferred", "aborted"];
const registry = createNodeRegistry();

// A low step limit keeps looping calls short, because the property is that they end, not when.
const STEP_LIMIT = 200;
const WEEK_MS = 7 * 24 * 3600 * 1000;
const START_MS = Date.parse("2026-03-02T00:00:00Z");

/** A node before wiring: its ports, which of them must be connected, and whether it waits. */
interface NodeDraft {
  type: string;
  config: unknown;
  ports: string[];
  required: string[];
  waits: boolean;
}

/** Where each port of a node goes, as raw numbers that {@link flowDocument} maps to valid targets. */
interface Wiring {
  targets: number[];
  connectOptional: boolean[];
  errorTarget: number | null;
}

const VARIABLES = ["a", "b", "choice", "digits"];
const EXPRESSIONS = ['"1"', "1", "a + 1", '$string(a) & "x"', "digits", "$count([1, 2, 3])", "choice", '$number("x")', "$now()"];
const CONDITIONS = ["a = 1", "$exists(digits)", 'choice = "1"', "true", "false", "b > 2", '$error("no")'];
const TIME_ZONES = ["UTC", "Asia/Taipei", "America/New_York"];

const timeout = fc.integer({ min: 100, max: 3000 });
const prompt = fc.record({ tts: fc.record({ en: fc.constantFrom("Hi", "Welcome to the bank", "Press a key", "You chose {{ choice }}") }) });

const menu: fc.Arbitrary<NodeDraft> = fc
  .record({
    prompt,
    keys: fc.uniqueArray(fc.constantFrom("1", "2", "3", "12", "23", "231", "#", "0"), { minLength: 1, maxLength: 4 }),
    repeatKey: fc.option(fc.constant("9"), { nil: undefined }),
    firstKeyTimeoutMs: timeout,
    interDigitTimeoutMs: timeout,
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    bargeIn: fc.boolean(),
    clearBuffer: fc.boolean(),
    timeoutPrompt: fc.option(prompt, { nil: undefined }),
  })
  .map(({ keys, ...config }) => {
    const options = keys.map((key, index) => ({ key, port: `option${index}` }));
    const ports = options.map((option) => option.port);

    return { type: "ivr.menu", config: { ...config, options, variable: "choice" }, ports: [...ports, "timeout", "invalid"], required: ports, waits: true };
  });

const collectDigits: fc.Arbitrary<NodeDraft> = fc
  .record({
    prompt,
    minLength: fc.integer({ min: 0, max: 3 }),
    extraLength: fc.integer({ min: 0, max: 4 }),
    terminator: fc.constantFrom("#", null),
    clearKey: fc.constantFrom("*", null),
    firstDigitTimeoutMs: timeout,
    interDigitTimeoutMs: timeout,
    maxAttempts: fc.integer({ min: 1, max: 3 }),
    bargeIn: fc.boolean(),
    clearBuffer: fc.boolean(),
  })
  .map(({ minLength, extraLength, ...config }) => ({
    type: "ivr.collectDigits",
    config: { ...config, variable: "digits", minLength, maxLength: Math.max(1, minLength + extraLength) },
    ports: ["next", "timeout", "invalid"],
    required: ["next"],
    waits: true,
  }));

const play: fc.Arbitrary<NodeDraft> = fc.record({ prompt, bargeIn: fc.boolean() }).map((config) => ({
  type: "media.play",
  config,
  ports: ["next"],
  required: ["next"],
  // A barge-in prompt is skipped when keys are buffered, so only one without barge-in waits.
  waits: !config.bargeIn,
}));

const set: fc.Arbitrary<NodeDraft> = fc
  .array(fc.record({ variable: fc.constantFrom(...VARIABLES), value: fc.constantFrom(...EXPRESSIONS) }), { minLength: 1, maxLength: 3 })
  .map((assignments) => ({ type: "logic.set", config: { assignments }, ports: ["next"], required: ["next"], waits: false }));

const switchNode: fc.Arbitrary<NodeDraft> = fc.array(fc.constantFrom(...CONDITIONS), { minLength: 1, maxLength: 3 }).map((conditions) => {
  const ports = conditions.map((_, index) => `case${index}`);

  return {
    type: "logic.switch",
    config: { conditions: conditions.map((when, index) => ({ when, port: ports[index] })) },
    ports: [...ports, "default"],
    required: ports,
    waits: false,
  };
});

const hours = fc.constantFrom([], [{ open: "09:00", close: "18:00" }], [{ open: "00:00", close: "24:00" }], [{ open: "01:30", close: "02:30" }]);
const businessHours: fc.Arbitrary<NodeDraft> = fc
  .record({ timeZone: fc.option(fc.constantFrom(...TIME_ZONES), { nil: undefined }), weekday: hours, weekend: hours })
  .map(({ timeZone, weekday, weekend }) => ({
    type: "logic.businessHours",
    config: { timeZone, weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: weekend, sun: weekend } },
    ports: ["open", "closed", "holiday"],
    required: ["open", "closed"],
    waits: false,
  }));

const log: fc.Arbitrary<NodeDraft> = fc.constantFrom("{{ a }} and {{ digits }}", "reached", "{{ $error('log failed') }}").map((message) => ({
  type: "util.log",
  config: { message },
  ports: ["next"],
  required: [],
  waits: false,
}));

const hangup: fc.Arbitrary<NodeDraft> = fc.constantFrom(16, 17).map((cause) => ({ type: "call.hangup", config: { cause }, ports: [], required: [], waits: false }));

const wiring: fc.Arbitrary<Wiring> = fc.record({
  targets: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  connectOptional: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  errorTarget: fc.option(fc.nat()),
});

const flowParts = fc.record({
  nodes: fc.array(fc.tuple(fc.oneof(menu, collectDigits, play, set, switchNode, businessHours, log, hangup), wiring), { minLength: 1, maxLength: 8 }),
  last: hangup,
  onHangup: fc.option(fc.nat()),
});

/** Wires the drafts into a flow document: forward-only from nodes that do not wait. */
function flowDocument(parts: { nodes: Array<[NodeDraft, Wiring]>; last: NodeDraft; onHangup: number | null }): Record<string, unknown> {
  const drafts = [...parts.nodes, [parts.last, { targets: [], connectOptional: [], errorTarget: null }] as [NodeDraft, Wiring]];
  const count = drafts.length;
  const target = (from: number, draft: NodeDraft, raw: number): string => {
    const index = draft.waits ? raw % count : from + 1 + (raw % (count - from - 1));

    return `n${index}`;
  };
  const edges = drafts.flatMap(([draft, wires], from) => {
    const ports = draft.ports.flatMap((port, k) => (draft.required.includes(port) || wires.connectOptional[k] ? [{ from: `n${from}`, port, to: target(from, draft, wires.targets[k]) }] : []));
    const error = wires.errorTarget === null || from === count - 1 ? [] : [{ from: `n${from}`, port: "error", to: target(from, draft, wires.errorTarget) }];

    return [...ports, ...error];
  });

  return {
    schemaVersion: 1,
    kind: "ivr",
    name: { en: "Generated flow" },
    languages: ["en"],
    entry: "n0",
    onHangup: parts.onHangup === null ? undefined : `n${parts.onHangup % count}`,
    nodes: drafts.map(([draft], index) => ({ id: `n${index}`, type: draft.type, config: draft.config })),
    edges,
  };
}

/** A caller script: keys at random gaps, then perhaps a hang-up. */
const callerScript = fc
  .record({
    keys: fc.array(fc.record({ key: fc.constantFrom(..."0123456789*#"), gapMs: fc.integer({ min: 0, max: 4000 }) }), { maxLength: 12 }),
    hangupAfterMs: fc.option(fc.integer({ min: 0, max: 20_000 })),
  })
  .map(({ keys, hangupAfterMs }) => {
    let at = 0;
    const actions = keys.map(({ key, gapMs }) => {
      at += gapMs;
      return `${key}@${at}ms`;
    });

    if (hangupAfterMs !== null) actions.push(`hangup@${at + hangupAfterMs}ms`);
    return actions.join(",");
  });

const call = fc.record({
  flow: flowParts.map(flowDocument),
  script: callerScript,
  startOffsetMs: fc.integer({ min: 0, max: WEEK_MS }),
  timeZone: fc.constantFrom(...TIME_ZONES),
  seed: fc.nat(),
});

describe("Session on generated flows", () => {
  test("compiler accepts every generated flow", () => {
    fc.assert(
      fc.property(flowParts.map(flowDocument), (flow) => {
        const result = compileFlow(flow, { registry });

        expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  test("compiler never throws on broken wiring", () => {
    // Dropping and redirecting edges breaks required ports and targets, so problems come back.
    const broken = fc.record({ flow: flowParts.map(flowDocument), drop: fc.nat(), redirect: fc.nat() }).map(({ flow, drop, redirect }) => {
      const edges = [...(flow.edges as Array<{ from: string; port: string; to: string }>)];

      if (edges.length > 0) edges.splice(drop % edges.length, 1);
      if (edges.length > 0) edges[redirect % edges.length] = { ...edges[redirect % edges.length], to: "nowhere" };
      return { ...flow, edges };
    });

    fc.assert(
      fc.property(broken, (flow) => {
        const compile = () => compileFlow(flow, { registry });

        expect(compile).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  test("every call ends with no timers or listeners left", async () => {
    await fc.assert(
      fc.asyncProperty(call, async ({ flow, script, startOffsetMs, timeZone, seed }) => {
        const compiled = compileFlow(flow, { registry });

        if (!compiled.ok) throw new Error(`generated flow does not compile: ${compiled.problems.map((p) => p.message).join("; ")}`);
        const clock = new VirtualClock(START_MS + startOffsetMs);
        const channel = new SimulatedChannel({ clock, script: parseCallerScript(script) });
        const session = new Session({ plan: compiled.plan, channel, clock, sink: new MemoryTraceSink(), timeZone, seed, stepLimit: STEP_LIMIT });
        let ended = false;

        const done = session.run().finally(() => {
          ended = true;
        });
        await clock.runUntilIdle();
        await new Promise((resolve) => setImmediate(resolve));

        expect(ended).toBe(true);
        const result = await done;
        expect(END_REASONS).toContain(result.reason);
        expect(result.steps).toBeLessThanOrEqual(STEP_LIMIT);
        expect(clock.pendingTimers).toBe(0);
        expect(getEventListeners(session.call.signal, "abort")).toHaveLength(0);
      }),
      { numRuns: 400 },
    );
  });
});
