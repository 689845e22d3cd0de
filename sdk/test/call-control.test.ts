import {
  CallControl,
  CallHangupError,
  compileTemplate,
  DEFAULT_TYPE_AHEAD_LIMIT,
  parseCallerScript,
  SimulatedChannel,
  VirtualClock,
  type PreparedPrompt,
  type PreparedPromptLanguage,
  type TraceEventInput,
} from "../src/index.js";

const PROMPT_MS = 2000;

interface CallSetup {
  script?: string;
  language?: string;
  typeAheadLimit?: number;
  variables?: Record<string, unknown>;
}

// Starts one simulated call on a virtual clock. Every prompt lasts PROMPT_MS.
function startCall(setup: CallSetup = {}) {
  const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
  const channel = new SimulatedChannel({ clock, script: parseCallerScript(setup.script ?? ""), promptDurationMs: () => PROMPT_MS });
  const trace: TraceEventInput[] = [];
  const call = new CallControl({
    channel,
    clock,
    language: setup.language ?? "en",
    trace: (event) => trace.push(event),
    variables: () => setup.variables ?? {},
    typeAheadLimit: setup.typeAheadLimit,
  });
  const startedAt = clock.now();

  return { clock, channel, call, trace, elapsed: () => clock.now() - startedAt };
}

function prompt(texts: Record<string, string | PreparedPromptLanguage>): PreparedPrompt {
  const languages = Object.entries(texts).map(([language, entry]): [string, PreparedPromptLanguage] => [language, typeof entry === "string" ? { text: entry } : entry]);

  return { languages: new Map(languages) };
}

const welcome = prompt({ en: "Welcome to the bank", cmn: "歡迎致電銀行" });

// Settles a promise into a value or an error, so a rejection is never left unhandled while the
// clock runs.
function outcomeOf<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

function pressKeys(channel: SimulatedChannel, keys: string): void {
  for (const key of keys) channel.pressKey(key);
}

describe("CallControl.nextKey", () => {
  test("takes a buffered key at once", async () => {
    const { channel, call, elapsed } = startCall();
    channel.pressKey("5");

    const key = await call.nextKey(5000);

    expect(key).toBe("5");
    expect(elapsed()).toBe(0);
  });

  test("takes buffered keys in pressed order", async () => {
    const { channel, call } = startCall();
    pressKeys(channel, "123");

    const keys = [await call.nextKey(5000), await call.nextKey(5000), await call.nextKey(5000)];

    expect(keys).toEqual(["1", "2", "3"]);
  });

  test("waits for the next key", async () => {
    const { clock, call, elapsed } = startCall({ script: "7@1.5s" });

    const key = call.nextKey(5000);
    await clock.runUntilIdle();

    expect(await key).toBe("7");
    expect(elapsed()).toBe(1500);
  });

  test("returns null when time runs out", async () => {
    const { clock, call, elapsed } = startCall({ script: "7@6s" });

    const key = call.nextKey(5000);
    await clock.advance(5000);

    expect(await key).toBeNull();
    expect(elapsed()).toBe(5000);
  });

  test("key after a timeout is buffered", async () => {
    const { clock, call } = startCall({ script: "7@6s" });

    const key = call.nextKey(5000);
    await clock.runUntilIdle();
    await key;

    expect(call.bufferedKeys).toBe("7");
  });

  test("key that ends a wait is not buffered", async () => {
    const { clock, call } = startCall({ script: "7@1s" });

    const key = call.nextKey(5000);
    await clock.runUntilIdle();
    await key;

    expect(call.bufferedKeys).toBe("");
  });

  test("second concurrent read is an error", async () => {
    const { call } = startCall();
    void outcomeOf(call.nextKey(5000));

    expect(() => call.nextKey(5000)).toThrow("another read is waiting");
  });

  test("each key is traced with its time", async () => {
    const { clock, call, trace } = startCall({ script: "4@1s" });

    const key = call.nextKey(5000);
    await clock.runUntilIdle();
    await key;

    expect(trace).toEqual([{ type: "input.digit", digit: "4" }]);
  });
});

describe("CallControl type-ahead buffer", () => {
  test("holds 30 keys by default", () => {
    const { channel, call } = startCall();

    pressKeys(channel, "1234567890".repeat(4));

    expect(DEFAULT_TYPE_AHEAD_LIMIT).toBe(30);
    expect(call.bufferedKeys).toBe("1234567890".repeat(3));
  });

  test("drops keys beyond a custom limit", () => {
    const { channel, call } = startCall({ typeAheadLimit: 4 });

    pressKeys(channel, "123456");

    expect(call.bufferedKeys).toBe("1234");
  });

  test("clearBuffer drops every key", () => {
    const { channel, call } = startCall();
    pressKeys(channel, "12#");

    call.clearBuffer();

    expect(call.bufferedKeys).toBe("");
  });

  test("unreadKeys puts keys back in front", () => {
    const { channel, call } = startCall();
    pressKeys(channel, "9#");

    call.unreadKeys("12");

    expect(call.bufferedKeys).toBe("129#");
  });

  test("unreadKeys keeps the limit", () => {
    const { channel, call } = startCall({ typeAheadLimit: 4 });
    pressKeys(channel, "5678");

    call.unreadKeys("12");

    expect(call.bufferedKeys).toBe("1256");
  });

  test("unread keys are read first", async () => {
    const { channel, call } = startCall();
    channel.pressKey("3");
    call.unreadKeys("2");

    const key = await call.nextKey(1000);

    expect(key).toBe("2");
  });
});

describe("CallControl barge-in", () => {
  test("key stops a barge-in prompt", async () => {
    const { clock, channel, call, elapsed } = startCall({ script: "1@500ms" });

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();

    expect(await outcome).toBe("interrupted");
    expect(channel.played[0].result).toBe("stopped");
    expect(elapsed()).toBe(500);
  });

  test("key that stops a prompt stays buffered", async () => {
    const { clock, call } = startCall({ script: "1@500ms" });

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();
    await outcome;

    expect(call.bufferedKeys).toBe("1");
  });

  test("keys during a prompt stay in order", async () => {
    const { clock, call } = startCall({ script: "2@500ms,3,1" });

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();
    await outcome;

    expect(call.bufferedKeys).toBe("231");
  });

  test("buffered keys skip a barge-in prompt", async () => {
    const { channel, call } = startCall();
    channel.pressKey("2");

    const outcome = await call.play(welcome, { nodeId: "greet" });

    expect(outcome).toBe("skipped");
    expect(channel.played).toEqual([]);
  });

  test("skipped prompt is traced", async () => {
    const { channel, call, trace } = startCall();
    channel.pressKey("2");

    await call.play(welcome, { nodeId: "greet" });

    expect(trace).toContainEqual({ type: "prompt.played", nodeId: "greet", text: "Welcome to the bank", media: undefined, language: "en", outcome: "skipped" });
  });

  test("prompt without keys plays to the end", async () => {
    const { clock, call, elapsed } = startCall();

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();

    expect(await outcome).toBe("played");
    expect(elapsed()).toBe(PROMPT_MS);
  });

  test("prompt after a stopped one plays to the end", async () => {
    const { clock, channel, call, elapsed } = startCall({ script: "1@500ms" });
    const first = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();
    await first;
    call.clearBuffer();

    const second = call.play(welcome, { nodeId: "menu" });
    await clock.runUntilIdle();

    expect(await second).toBe("played");
    expect(channel.played[1].result).toBe("done");
    expect(elapsed()).toBe(500 + PROMPT_MS);
  });

  test("key stops the prompt after an unstopped one", async () => {
    const { clock, channel, call, elapsed } = startCall({ script: "1@2500ms" });
    const first = call.play(welcome, { nodeId: "greet" });
    await clock.advance(PROMPT_MS);
    await first;

    const second = call.play(welcome, { nodeId: "menu" });
    await clock.runUntilIdle();

    expect(await second).toBe("interrupted");
    expect(channel.played[0].result).toBe("done");
    expect(channel.played[1].result).toBe("stopped");
    expect(elapsed()).toBe(2500);
  });
});

describe("CallControl without barge-in", () => {
  test("keys during the prompt are discarded", async () => {
    const { clock, call } = startCall({ script: "1@500ms,2@1s" });

    const outcome = call.play(welcome, { nodeId: "notice", bargeIn: false });
    await clock.runUntilIdle();

    expect(await outcome).toBe("played");
    expect(call.bufferedKeys).toBe("");
  });

  test("discarded keys are still traced", async () => {
    const { clock, call, trace } = startCall({ script: "1@500ms" });

    const outcome = call.play(welcome, { nodeId: "notice", bargeIn: false });
    await clock.runUntilIdle();
    await outcome;

    expect(trace).toContainEqual({ type: "input.digit", digit: "1" });
  });

  test("buffered keys do not skip the prompt", async () => {
    const { clock, channel, call } = startCall();
    channel.pressKey("2");

    const outcome = call.play(welcome, { nodeId: "notice", bargeIn: false });
    await clock.runUntilIdle();

    expect(await outcome).toBe("played");
    expect(call.bufferedKeys).toBe("2");
  });

  test("keys after the prompt are buffered again", async () => {
    const { clock, call } = startCall({ script: "1@500ms,2@3s" });

    const outcome = call.play(welcome, { nodeId: "notice", bargeIn: false });
    await clock.runUntilIdle();
    await outcome;

    expect(call.bufferedKeys).toBe("2");
  });
});

describe("CallControl hang-up", () => {
  test("during a prompt rejects with CallHangupError", async () => {
    const { clock, call } = startCall({ script: "hangup@500ms" });

    const outcome = outcomeOf(call.play(welcome, { nodeId: "greet" }));
    await clock.runUntilIdle();

    expect((await outcome).error).toBeInstanceOf(CallHangupError);
  });

  test("during a prompt aborts the signal", async () => {
    const { clock, call } = startCall({ script: "hangup@500ms" });

    const outcome = outcomeOf(call.play(welcome, { nodeId: "greet" }));
    await clock.runUntilIdle();
    await outcome;

    expect(call.signal.aborted).toBe(true);
    expect(call.signal.reason).toBeInstanceOf(CallHangupError);
  });

  test("during a prompt marks the playback failed", async () => {
    const { clock, channel, call, trace } = startCall({ script: "hangup@500ms" });

    const outcome = outcomeOf(call.play(welcome, { nodeId: "greet" }));
    await clock.runUntilIdle();
    await outcome;

    expect(channel.played[0].result).toBe("failed");
    expect(trace).toContainEqual(expect.objectContaining({ type: "prompt.played", outcome: "failed" }));
  });

  test("during nextKey rejects with CallHangupError", async () => {
    const { clock, call } = startCall({ script: "hangup@1s" });

    const key = outcomeOf(call.nextKey(5000));
    await clock.runUntilIdle();

    expect((await key).error).toBeInstanceOf(CallHangupError);
  });

  test("during nextKey aborts the signal", async () => {
    const { clock, call, elapsed } = startCall({ script: "hangup@1s" });

    const key = outcomeOf(call.nextKey(5000));
    await clock.runUntilIdle();
    await key;

    expect(call.signal.aborted).toBe(true);
    expect(elapsed()).toBe(1000);
  });

  test("later reads fail too", async () => {
    const { clock, call } = startCall({ script: "hangup@1s" });
    await clock.runUntilIdle();

    const key = outcomeOf(Promise.resolve().then(() => call.nextKey(5000)));

    expect((await key).error).toBeInstanceOf(CallHangupError);
  });

  test("later prompts fail too", async () => {
    const { clock, call } = startCall({ script: "hangup@1s" });
    await clock.runUntilIdle();

    const outcome = await outcomeOf(call.play(welcome, { nodeId: "greet" }));

    expect(outcome.error).toBeInstanceOf(CallHangupError);
  });

  test("is traced once", async () => {
    const { clock, call, trace } = startCall({ script: "hangup@1s" });
    await clock.runUntilIdle();

    call.dispose();

    expect(trace.filter((event) => event.type === "input.hangup")).toHaveLength(1);
  });

  test("flow hang-up ends the call", async () => {
    const { channel, call } = startCall();

    await call.hangup();

    expect(channel.hungUpBy).toBe("flow");
    expect(call.ended).toBe(true);
    expect(call.callerHungUp).toBe(false);
  });
});

describe("CallControl language", () => {
  test("prompt plays in the call's language", async () => {
    const { clock, channel, call } = startCall({ language: "cmn" });

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();
    await outcome;

    expect(channel.played[0]).toMatchObject({ language: "cmn", text: "歡迎致電銀行" });
  });

  test("setLanguage switches later prompts", async () => {
    const { clock, channel, call } = startCall({ language: "cmn" });

    call.setLanguage("en");
    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.runUntilIdle();
    await outcome;

    expect(channel.played[0]).toMatchObject({ language: "en", text: "Welcome to the bank" });
  });

  test("setLanguage is traced", () => {
    const { call, trace } = startCall();

    call.setLanguage("yue");

    expect(call.language).toBe("yue");
    expect(trace).toEqual([{ type: "language.changed", language: "yue" }]);
  });

  test("missing language falls back to the first", async () => {
    const { call } = startCall({ language: "yue" });

    const media = await call.resolveMedia(prompt({ cmn: "請按一", en: "Press one" }));

    expect(media).toMatchObject({ language: "cmn", text: "請按一" });
  });

  test("prompt with no languages has no media", async () => {
    const { call } = startCall({ language: "yue" });

    const media = await call.resolveMedia(prompt({}));

    expect(media).toEqual({ language: "yue" });
  });

  test("template prompt renders the variables", async () => {
    const { call } = startCall({ variables: { balance: 1234.5 } });

    const media = await call.resolveMedia(prompt({ en: { template: compileTemplate("Your balance is {{ balance }}") } }));

    expect(media.text).toBe("Your balance is 1234.5");
  });

  test("recorded prompt keeps its uri and length", async () => {
    const { call } = startCall();

    const media = await call.resolveMedia(prompt({ en: { uri: "sound:custom/welcome-en", durationMs: 1800 } }));

    expect(media).toMatchObject({ language: "en", uri: "sound:custom/welcome-en", durationMs: 1800 });
  });
});

describe("CallControl timers", () => {
  test("caller hang-up leaves no timers", async () => {
    const { clock, call } = startCall({ script: "1@1s,hangup@2s,3@9s" });

    const menu = outcomeOf(call.nextKey(5000).then(() => call.play(welcome, { nodeId: "greet" })));
    await clock.runUntilIdle();

    expect((await menu).error).toBeInstanceOf(CallHangupError);
    expect(clock.pendingTimers).toBe(0);
  });

  test("flow hang-up cancels the rest of the script", async () => {
    const { clock, call, trace } = startCall({ script: "1@1s,2@10s" });

    const key = call.nextKey(5000);
    await clock.advance(1000);
    await key;
    await call.hangup();

    expect(clock.pendingTimers).toBe(0);
    expect(trace.filter((event) => event.type === "input.digit")).toHaveLength(1);
  });

  test("answered key clears its timeout", async () => {
    const { clock, call } = startCall({ script: "1@1s" });

    const key = call.nextKey(5000);
    await clock.advance(1000);
    await key;

    expect(clock.pendingTimers).toBe(0);
  });

  test("interrupted prompt clears its timer", async () => {
    const { clock, call } = startCall({ script: "1@500ms" });

    const outcome = call.play(welcome, { nodeId: "greet" });
    await clock.advance(500);
    await outcome;

    expect(clock.pendingTimers).toBe(0);
  });

  test("dispose rejects a waiting read", async () => {
    const { clock, call } = startCall();
    const key = outcomeOf(call.nextKey(5000));

    call.dispose();

    expect((await key).error).toBeInstanceOf(CallHangupError);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe("CallControl transfer and hold", () => {
  const request = { endpoint: "PJSIP/1001", timeoutSeconds: 20 };

  test("leg signal ends a bridged leg", async () => {
    const { clock, call, channel } = startCall();
    const leg = new AbortController();
    const outcome = call.transfer(request, "agent", { signal: leg.signal });
    await clock.advance(5000);

    leg.abort();

    expect(await outcome).toBe("answered");
    expect(channel.dials[0].outcome).toBe("answered");
    expect(call.ended).toBe(false);
  });

  test("leg signal before pick-up fails the dial", async () => {
    const { clock, call } = startCall();
    const leg = new AbortController();
    const outcome = call.transfer(request, "agent", { signal: leg.signal });
    await clock.advance(1000);

    leg.abort();

    expect(await outcome).toBe("failed");
  });

  test("interrupt ends the dial with its error", async () => {
    const { clock, call, channel } = startCall();
    const outcome = call.transfer(request, "agent");
    await clock.advance(5000);
    const stopped = new Error("the service is shutting down");

    call.interrupt(stopped);

    await expect(outcome).rejects.toBe(stopped);
    expect(channel.dials[0].outcome).toBe("answered");
  });

  test("hold and resume reach the channel", async () => {
    const { clock, call, channel } = startCall();
    void call.transfer(request, "agent");
    await clock.advance(5000);

    await call.hold();
    const heldDuringDial = channel.held;
    await call.resume();

    expect(heldDuringDial).toBe(true);
    expect(channel.holdChanges.map((change) => change.held)).toEqual([true, false]);
  });

  test("end of the dial takes the caller off hold", async () => {
    const { clock, call, channel } = startCall();
    const outcome = call.transfer(request, "agent");
    await clock.advance(5000);
    await call.hold();

    await clock.advance(30_000);

    expect(await outcome).toBe("answered");
    expect(channel.held).toBe(false);
  });
});
