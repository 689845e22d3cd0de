import { runNode } from "@callflow/sdk";

import { logicBusinessHoursNode } from "./run.js";
import { logicBusinessHoursConfigSchema } from "./spec.js";

const officeHours = [{ open: "09:00", close: "18:00" }];
const weekdays = { mon: officeHours, tue: officeHours, wed: officeHours, thu: officeHours, fri: officeHours };

const taipei = { timeZone: "Asia/Taipei", weekly: weekdays };

const calendars: Record<string, unknown> = {
  "tw-holidays": {
    days: [
      { date: "2026-12-25", name: "Christmas" },
      { date: "2026-12-31", name: "New Year's Eve", hours: [{ open: "09:00", close: "12:00" }] },
    ],
  },
};
const resolver = { calendar: (name: string) => calendars[name] };

/** Runs the node at an instant given in UTC. */
function runAt(iso: string, config: unknown, options: { timeZone?: string } = {}) {
  return runNode(logicBusinessHoursNode, config, { startMs: Date.parse(iso), resolver, ...options });
}

describe("logic.businessHours weekly schedule", () => {
  // 2026-12-07 is a Monday; Taipei is UTC+8 all year.
  test.each([
    ["08:59 before opening", "2026-12-07T00:59:00Z", "closed"],
    ["09:00 opening minute", "2026-12-07T01:00:00Z", "open"],
    ["17:59 last open minute", "2026-12-07T09:59:00Z", "open"],
    ["18:00 closing minute", "2026-12-07T10:00:00Z", "closed"],
  ])("Taipei %s", async (_name, iso, port) => {
    const result = await runAt(iso, taipei);

    expect(result.port).toBe(port);
  });

  test("weekend without hours is closed", async () => {
    // Saturday 2026-12-12, 10:00 in Taipei.
    const result = await runAt("2026-12-12T02:00:00Z", taipei);

    expect(result.port).toBe("closed");
  });

  test("local date decides the weekday", async () => {
    // Sunday 2026-12-13 20:00 UTC is already Monday 04:00 in Taipei, so early hours apply.
    const config = { timeZone: "Asia/Taipei", weekly: { mon: [{ open: "00:00", close: "06:00" }] } };

    const result = await runAt("2026-12-13T20:00:00Z", config);

    expect(result.port).toBe("open");
  });

  test("close at 24:00 includes 23:59", async () => {
    const config = { timeZone: "Asia/Taipei", weekly: { mon: [{ open: "20:00", close: "24:00" }] } };

    const result = await runAt("2026-12-07T15:59:00Z", config);

    expect(result.port).toBe("open");
  });

  test("second range of a split day", async () => {
    const config = { timeZone: "Asia/Taipei", weekly: { mon: [{ open: "09:00", close: "12:00" }, { open: "13:30", close: "18:00" }] } };

    const lunch = await runAt("2026-12-07T04:30:00Z", config);
    const afternoon = await runAt("2026-12-07T05:30:00Z", config);

    expect(lunch.port).toBe("closed");
    expect(afternoon.port).toBe("open");
  });
});

describe("logic.businessHours time zone", () => {
  test("ctx zone when config has none", async () => {
    // 01:00 UTC is 09:00 in Taipei but still 01:00 in UTC.
    const config = { weekly: weekdays };

    const inTaipei = await runAt("2026-12-07T01:00:00Z", config, { timeZone: "Asia/Taipei" });
    const inUtc = await runAt("2026-12-07T01:00:00Z", config, { timeZone: "UTC" });

    expect(inTaipei.port).toBe("open");
    expect(inUtc.port).toBe("closed");
  });

  test("config zone wins over ctx zone", async () => {
    const result = await runAt("2026-12-07T01:00:00Z", taipei, { timeZone: "UTC" });

    expect(result.port).toBe("open");
  });

  test("unknown ctx zone fails the node", async () => {
    const result = await runAt("2026-12-07T01:00:00Z", { weekly: weekdays }, { timeZone: "Nowhere/Atlantis" });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(RangeError);
  });
});

describe("logic.businessHours daylight saving", () => {
  // New York moves from EST (UTC-5) to EDT (UTC-4) at 02:00 on Sunday 2026-03-08, so local
  // 02:00-02:59 does not exist that day, and back at 02:00 EDT on Sunday 2026-11-01, so local
  // 01:00-01:59 happens twice.
  const springForward = { timeZone: "America/New_York", weekly: { sun: [{ open: "02:30", close: "04:00" }] } };
  const fallBack = { timeZone: "America/New_York", weekly: { sun: [{ open: "01:00", close: "02:00" }] } };

  test.each([
    ["01:59 EST before the gap", "2026-03-08T06:59:00Z", "closed"],
    ["03:00 EDT right after the gap", "2026-03-08T07:00:00Z", "open"],
    ["03:59 EDT", "2026-03-08T07:59:00Z", "open"],
    ["04:00 EDT closing", "2026-03-08T08:00:00Z", "closed"],
  ])("spring forward at %s", async (_name, iso, port) => {
    const result = await runAt(iso, springForward);

    expect(result.port).toBe(port);
  });

  test.each([
    ["00:59 EDT", "2026-11-01T04:59:00Z", "closed"],
    ["first 01:00 (EDT)", "2026-11-01T05:00:00Z", "open"],
    ["first 01:59 (EDT)", "2026-11-01T05:59:00Z", "open"],
    ["second 01:00 (EST)", "2026-11-01T06:00:00Z", "open"],
    ["second 01:59 (EST)", "2026-11-01T06:59:00Z", "open"],
    ["02:00 EST", "2026-11-01T07:00:00Z", "closed"],
  ])("fall back at %s", async (_name, iso, port) => {
    const result = await runAt(iso, fallBack);

    expect(result.port).toBe(port);
  });
});

describe("logic.businessHours holiday calendar", () => {
  const config = { ...taipei, calendar: "tw-holidays" };

  test("holiday on a weekday", async () => {
    // Friday 2026-12-25, 10:00 in Taipei.
    const result = await runAt("2026-12-25T02:00:00Z", config);

    expect(result.port).toBe("holiday");
  });

  test("holiday by the local date", async () => {
    // 2026-12-24 16:00 UTC is already 2026-12-25 00:00 in Taipei.
    const result = await runAt("2026-12-24T16:00:00Z", { ...config, weekly: { thu: [{ open: "00:00", close: "24:00" }] } });

    expect(result.port).toBe("holiday");
  });

  test.each([
    ["before its hours", "2026-12-31T00:30:00Z", "holiday"],
    ["in its hours", "2026-12-31T02:00:00Z", "open"],
    ["at its closing minute", "2026-12-31T04:00:00Z", "holiday"],
    ["after its hours", "2026-12-31T06:00:00Z", "holiday"],
  ])("half day %s", async (_name, iso, port) => {
    const result = await runAt(iso, config);

    expect(result.port).toBe(port);
  });

  test("ordinary day follows the schedule", async () => {
    const result = await runAt("2026-12-07T02:00:00Z", config);

    expect(result.port).toBe("open");
  });

  test("unresolved calendar rejected", async () => {
    const run = runAt("2026-12-07T02:00:00Z", { ...taipei, calendar: "no-such-calendar" });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/calendar .*calendar "no-such-calendar", which does not exist/);
  });
});

describe("logic.businessHours config", () => {
  test.each([
    ["unknown time zone", { timeZone: "Mars/Olympus_Mons" }, "timeZone", "is not a known IANA time zone"],
    ["open after close", { weekly: { mon: [{ open: "18:00", close: "09:00" }] } }, "weekly/mon/0", "open must be before close"],
    ["hour 25", { weekly: { mon: [{ open: "09:00", close: "25:00" }] } }, "weekly/mon/0/close", "a time such as 09:00"],
    ["missing weekly", { weekly: undefined }, "weekly", ""],
    ["empty calendar name", { calendar: "" }, "calendar", ""],
  ])("rejects %s", (_name, patch, path, message) => {
    const result = logicBusinessHoursConfigSchema.safeParse({ ...taipei, ...patch });

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("compiler reports an unknown time zone", async () => {
    const run = runAt("2026-12-07T02:00:00Z", { ...taipei, timeZone: "Asia/Taipai" });

    await expect(run).rejects.toThrow(/\/nodes\/0\/config\/timeZone .*is not a known IANA time zone/);
  });
});
