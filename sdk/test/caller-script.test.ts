import { CallerScriptError, DEFAULT_ACTION_GAP_MS, formatCallerScript, parseCallerScript } from "../src/index.js";

function errorOf(script: string): CallerScriptError {
  try {
    parseCallerScript(script);
  } catch (error) {
    return error as CallerScriptError;
  }
  throw new Error(`expected "${script}" to be rejected`);
}

describe("parseCallerScript", () => {
  test("timed keys and hang-up", () => {
    const actions = parseCallerScript("1@2s,*@2.4s,hangup@9s");

    expect(actions).toEqual([
      { atMs: 2000, action: "1" },
      { atMs: 2400, action: "*" },
      { atMs: 9000, action: "hangup" },
    ]);
  });

  test("milliseconds", () => {
    const actions = parseCallerScript("5@2400ms");

    expect(actions).toEqual([{ atMs: 2400, action: "5" }]);
  });

  test("untimed first action at 300 ms", () => {
    const actions = parseCallerScript("1");

    expect(actions).toEqual([{ atMs: DEFAULT_ACTION_GAP_MS, action: "1" }]);
  });

  test("untimed action 300 ms after the previous", () => {
    const actions = parseCallerScript("1@2s,2,hangup");

    expect(actions).toEqual([
      { atMs: 2000, action: "1" },
      { atMs: 2300, action: "2" },
      { atMs: 2600, action: "hangup" },
    ]);
  });

  test("multi-key token spaces keys 300 ms apart", () => {
    const actions = parseCallerScript("1234#@1s");

    expect(actions).toEqual([
      { atMs: 1000, action: "1" },
      { atMs: 1300, action: "2" },
      { atMs: 1600, action: "3" },
      { atMs: 1900, action: "4" },
      { atMs: 2200, action: "#" },
    ]);
  });

  test("untimed multi-key token follows the previous", () => {
    const actions = parseCallerScript("0@1s,99");

    expect(actions.map((a) => a.atMs)).toEqual([1000, 1300, 1600]);
  });

  test("keys A to D are DTMF keys", () => {
    const actions = parseCallerScript("ABCD@1s");

    expect(actions.map((a) => a.action)).toEqual(["A", "B", "C", "D"]);
  });

  test("spaces around actions are ignored", () => {
    const actions = parseCallerScript(" 1@1s , 2@2s ");

    expect(actions).toEqual([
      { atMs: 1000, action: "1" },
      { atMs: 2000, action: "2" },
    ]);
  });

  test("same time as the previous action is allowed", () => {
    const actions = parseCallerScript("1@1s,2@1s");

    expect(actions.map((a) => a.atMs)).toEqual([1000, 1000]);
  });

  test("empty script has no actions", () => {
    const actions = parseCallerScript("");

    expect(actions).toEqual([]);
  });

  test("blank script has no actions", () => {
    const actions = parseCallerScript("  ");

    expect(actions).toEqual([]);
  });

  test("fractional seconds round to milliseconds", () => {
    const actions = parseCallerScript("1@1.2345s");

    expect(actions).toEqual([{ atMs: 1235, action: "1" }]);
  });
});

describe("parseCallerScript errors", () => {
  test.each([
    ["1@2s,x@3s", 'caller action "x@3s"', '"x", which is not a key', "use 0-9, *, #, A-D or hangup"],
    ["12a4", 'caller action "12a4"', '"a", which is not a key', "use 0-9, *, #, A-D or hangup"],
    ["HANGUP@9s", 'caller action "HANGUP@9s"', '"H", which is not a key', "use 0-9, *, #, A-D or hangup"],
    ["1@2 seconds", 'caller action "1@2 seconds"', 'time "2 seconds"', "write seconds such as 2s or 2.4s, or 2400ms"],
    ["1@-2s", 'caller action "1@-2s"', 'time "-2s"', "write seconds such as 2s or 2.4s, or 2400ms"],
    ["1@", 'caller action "1@"', 'time ""', "write seconds such as 2s or 2.4s, or 2400ms"],
    ["1@2s@3s", 'caller action "1@2s@3s"', 'two "@"', "write KEY@TIME such as 1@2s"],
    ["@2s", 'caller action "@2s"', "no key", "write KEY@TIME such as 1@2s"],
    ["1@5s,2@3s", 'caller action "2@3s"', "before the previous action at 5000 ms", "list actions in time order"],
    ["1234@1s,5@1.5s", 'caller action "5@1.5s"', "before the previous action at 1900 ms", "list actions in time order"],
    ["1@4s,,2", 'caller script "1@4s,,2"', 'an empty action after "1@4s"', "remove the extra comma"],
    [",1", 'caller script ",1"', "an empty action at the start", "remove the extra comma"],
    ["1, ,2", 'caller script "1, ,2"', 'an empty action after "1"', "remove the extra comma"],
    ["1,", 'caller script "1,"', 'an empty action after "1"', "remove the extra comma"],
  ])("%s", (script, action, problem, fix) => {
    const error = errorOf(script);

    expect(error).toBeInstanceOf(CallerScriptError);
    expect(error.message).toContain(action);
    expect(error.message).toContain(problem);
    expect(error.message).toContain(fix);
  });
});

describe("formatCallerScript", () => {
  test("writes every action with its time", () => {
    const text = formatCallerScript(parseCallerScript("1@2s,*,hangup@9s"));

    expect(text).toBe("1@2s,*@2.3s,hangup@9s");
  });

  test("output parses back to the same actions", () => {
    const actions = parseCallerScript("12#@1.5s,0,hangup@2400ms");

    const again = parseCallerScript(formatCallerScript(actions));

    expect(again).toEqual(actions);
  });
});
