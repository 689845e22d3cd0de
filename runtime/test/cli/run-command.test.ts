import { createDemoBankDatabase, type DemoBankDatabase } from "../connectors/database/support/demo-bank-database.js";
import { runCli, scriptFlow, smallFlow, writeTempFiles } from "./support/run-cli.js";

const BANK = "examples/bank-hotline/flow.json";
const MONDAY_10AM = "2026-12-07T10:00:00+08:00";
const BALANCE_CALL = "1@4s,1@9s,1234567890#@14s,7890@24s";

// Each run starts the CLI in a process of its own, and a run of the bank hotline also starts the
// embedded PostgreSQL of its connectors file: about 4 s alone, more on a loaded machine.
jest.setTimeout(60_000);

// The bank hotline reads balances and PIN hashes from its core-banking database.
let bank: DemoBankDatabase;

beforeAll(async () => {
  bank = await createDemoBankDatabase();
}, 60_000);

afterAll(async () => {
  await bank?.drop();
});

describe("callflow run", () => {
  it("prints the trace of a bank hotline call", async () => {
    const run = await runCli(["run", BANK, "--at", MONDAY_10AM, "--tz", "Asia/Taipei", "--input", BALANCE_CALL, "--connectors", bank.connectorsFile]);
    const lines = run.stdout.split("\n");

    expect(run.code).toBe(0);
    expect(lines[0]).toBe(`${BANK}: simulated call starting ${MONDAY_10AM} (2026-12-07 10:00 in Asia/Taipei), seed 1`);
    expect(lines).toContain('   2.800s    prompt [cmn] "歡迎致電示範銀行客服專線。" (sound:custom/demo-bank/welcome-cmn) played');
    expect(lines).toContain("   2.800s  enter language-menu (ivr.menu)");
    expect(lines).toContain('   4.000s    prompt [cmn] "國語服務請按1，粵語服務請按2，For English service, please press 3." interrupted');
    expect(lines).toContain("   4.000s  leave language-menu by mandarin");
    expect(lines).toContain("   9.000s  leave main-menu by balance");
    expect(lines).toContain("  17.000s    key [redacted]");
    expect(lines).toContain('  17.000s    set accountNo = "[redacted]"');
    expect(lines).toContain('  17.000s    set maskedAccount = "******7890"');
    expect(lines).toContain("  17.000s    enter verify-account/ask-pin (ivr.collectDigits)");
    expect(lines).toContain("  24.900s      log info: PIN check finished; verified true");
    expect(lines).toContain("  24.900s    leave verify-account/log-result by next (not connected, so this flow ends)");
    expect(lines).toContain('  29.130s    prompt [cmn] "您尾號7890的帳戶，可用餘額為新臺幣52,300元。" played');
    expect(lines).toContain("  31.100s  leave hangup: the call is over");
    expect(lines).toContain("  31.100s  call ended: completed after 18 steps, 31.100s");
    expect(run.stdout).not.toContain("1234567890");
    expect(run.stderr).toBe("");
  });

  it("prints a hang-up and the onHangup work", async () => {
    const run = await runCli(["run", BANK, "--at", MONDAY_10AM, "--input", "2@4s,hangup@6s"]);
    const lines = run.stdout.split("\n");

    expect(lines).toContain("   4.000s    language set to yue");
    expect(lines).toContain("   6.000s    caller hung up");
    expect(lines).toContain("   6.000s  leave main-menu: the caller hung up");
    expect(lines).toContain("   6.000s  enter log-hangup (util.log)");
    expect(lines).toContain("   6.000s    log info: caller hung up; language yue, account not entered");
    expect(lines).toContain("   6.000s  call ended: hangup after 7 steps, 6.000s");
  });

  it("prints JSON lines with --json", async () => {
    const run = await runCli(["run", BANK, "--at", MONDAY_10AM, "--input", BALANCE_CALL, "--json", "--connectors", bank.connectorsFile]);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));

    expect(run.code).toBe(0);
    expect(events[0]).toMatchObject({ v: 1, type: "call.started", flow: "Bank hotline", caller: "0912345678", called: "1800" });
    expect(events[0].at).toBe(Date.parse(MONDAY_10AM));
    expect(events).toContainEqual(expect.objectContaining({ type: "node.left", nodeId: "main-menu", port: "balance" }));
    expect(events).toContainEqual(expect.objectContaining({ type: "variable.changed", name: "accountNo", value: "[redacted]", sensitive: true }));
    expect(events[events.length - 1]).toMatchObject({ type: "call.ended", reason: "completed", steps: 18 });
  });

  it("uses --caller, --called and --seed", async () => {
    const run = await runCli(["run", BANK, "--caller", "0223456789", "--called", "0800123456", "--seed", "42", "--input", "hangup@1s"]);

    expect(run.stdout).toContain("seed 42");
    expect(run.stdout).toContain("call started: flow \"Bank hotline\", from 0223456789 to 0800123456");
  });

  it("starts now without --at", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow() });

    const run = await runCli(["run", "flow.json", "--input", "1@1s"], folder);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("call ended: completed");
  });

  it("logs to standard error with --verbose", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow() });

    const run = await runCli(["run", "flow.json", "--verbose", "--input", "1@1s"], folder);
    const records = run.stderr.trim().split("\n").map((line) => JSON.parse(line));

    expect(records).toContainEqual(expect.objectContaining({ msg: "call ended", reason: "completed" }));
  });

  it("stays quiet on standard error without --verbose", async () => {
    const folder = writeTempFiles({ "flow.json": smallFlow() });

    const run = await runCli(["run", "flow.json", "--input", "1@1s"], folder);

    expect(run.stderr).toBe("");
  });

  it("runs no call for a flow with errors", async () => {
    const flow = smallFlow();

    flow.entry = "absent";
    const folder = writeTempFiles({ "flow.json": flow });

    const run = await runCli(["run", "flow.json"], folder);

    expect(run.stderr).toContain("flow.json:/entry: error unknown-entry (node absent)");
    expect(run.stderr).toContain("flow.json: the flow has errors, so no call was run; fix them and run again");
    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
  });
});

describe("callflow run arguments", () => {
  it.each([
    [["--at", "2026-12-07T10:00:00"], '--at "2026-12-07T10:00:00" has no UTC offset; add one, such as +08:00 or Z'],
    [["--at", "tomorrow"], '--at "tomorrow" is not an ISO 8601 time; write it as 2026-12-07T10:00:00+08:00'],
    [["--at", "2026-02-30T10:00:00Z"], '--at "2026-02-30T10:00:00Z" has no day 30 in 2026-02'],
    [["--tz", "Taipei"], '--tz "Taipei" is not a known IANA time zone; use a name such as Asia/Taipei or Europe/London'],
    [["--seed", "-1"], "option --seed needs a value"],
    [["--seed", "1.5"], '--seed "1.5" is not a whole number from 0 to 4294967295'],
    [["--input", "1@2s,x"], '--input is not a valid caller script: caller action "x" has "x", which is not a key; use 0-9, *, #, A-D or hangup'],
    [["--input", "1@5s,2@1s"], "--input is not a valid caller script: caller action \"2@1s\" is at 1000 ms, before the previous action at 5000 ms"],
    [["--at"], "option --at needs a value, such as --at VALUE"],
    [["--at", "--json"], "option --at needs a value"],
    [["--speed", "2"], 'unknown option --speed for "callflow run"'],
    [["--json=yes"], "option --json takes no value; write --json alone"],
  ])("rejects %j", async (args, message) => {
    const run = await runCli(["run", BANK, ...args]);

    expect(run.stderr).toContain(`callflow: ${message}`);
    expect(run.stderr).toContain("See callflow run --help.");
    expect(run.stdout).toBe("");
    expect(run.code).toBe(2);
  });

  it("runs a script in the sandbox", async () => {
    const folder = writeTempFiles({ "flow.json": scriptFlow() });

    const run = await runCli(["run", "flow.json", "--json", "--at", MONDAY_10AM], folder);
    const events = run.stdout.trim().split("\n").map((line) => JSON.parse(line));

    expect(run.stderr).toBe("");
    expect(events).toContainEqual(expect.objectContaining({ type: "log", nodeId: "sum", message: "adding" }));
    expect(events).toContainEqual(expect.objectContaining({ type: "variable.changed", name: "total", value: 42 }));
    expect(events.at(-1)).toMatchObject({ type: "call.ended", reason: "completed" });
  });

  it("reports a missing flow file", async () => {
    const run = await runCli(["run", "examples/nowhere/flow.json"]);

    expect(run.stderr).toContain("examples/nowhere/flow.json: error file-not-found: examples/nowhere/flow.json does not exist; check the path");
    expect(run.code).toBe(1);
  });

  it("asks for exactly one file", async () => {
    const run = await runCli(["run", BANK, BANK]);

    expect(run.stderr).toContain("callflow: name exactly one flow file, got 2");
    expect(run.code).toBe(2);
  });
});
