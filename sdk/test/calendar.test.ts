import { isValidTimeZone, localTimeIn } from "../src/index.js";

const at = (iso: string): number => Date.parse(iso);

describe("localTimeIn Asia/Taipei", () => {
  test("is eight hours ahead of UTC", () => {
    const local = localTimeIn(at("2026-12-07T02:00:00Z"), "Asia/Taipei");

    expect(local).toEqual({ date: "2026-12-07", time: "10:00", weekday: 1 });
  });

  test("starts the next day at 16:00 UTC", () => {
    const local = localTimeIn(at("2026-12-06T16:00:00Z"), "Asia/Taipei");

    expect(local).toEqual({ date: "2026-12-07", time: "00:00", weekday: 1 });
  });

  test("has no daylight-saving change", () => {
    const march = localTimeIn(at("2026-03-08T07:00:00Z"), "Asia/Taipei");
    const november = localTimeIn(at("2026-11-01T06:00:00Z"), "Asia/Taipei");

    expect(march.time).toBe("15:00");
    expect(november.time).toBe("14:00");
  });
});

describe("localTimeIn America/New_York", () => {
  test.each([
    ["2026-03-08T06:59:00Z", "2026-03-08", "01:59", "last minute of standard time"],
    ["2026-03-08T07:00:00Z", "2026-03-08", "03:00", "clocks skip from 02:00 to 03:00"],
    ["2026-03-08T12:00:00Z", "2026-03-08", "08:00", "four hours behind UTC in summer"],
    ["2026-11-01T05:30:00Z", "2026-11-01", "01:30", "first 01:30, daylight time"],
    ["2026-11-01T05:59:00Z", "2026-11-01", "01:59", "last minute of daylight time"],
    ["2026-11-01T06:00:00Z", "2026-11-01", "01:00", "clocks fall back from 02:00 to 01:00"],
    ["2026-11-01T06:30:00Z", "2026-11-01", "01:30", "second 01:30, standard time"],
    ["2026-11-01T12:00:00Z", "2026-11-01", "07:00", "five hours behind UTC in winter"],
  ])("%s is %s %s (%s)", (instant, date, time) => {
    const local = localTimeIn(at(instant), "America/New_York");

    expect(local.date).toBe(date);
    expect(local.time).toBe(time);
  });

  test("both change days are Sundays", () => {
    const spring = localTimeIn(at("2026-03-08T12:00:00Z"), "America/New_York");
    const autumn = localTimeIn(at("2026-11-01T12:00:00Z"), "America/New_York");

    expect(spring.weekday).toBe(0);
    expect(autumn.weekday).toBe(0);
  });

  test("evening in New York is the previous day", () => {
    const local = localTimeIn(at("2026-12-07T02:00:00Z"), "America/New_York");

    expect(local).toEqual({ date: "2026-12-06", time: "21:00", weekday: 0 });
  });
});

describe("localTimeIn with an invalid zone", () => {
  test("throws RangeError", () => {
    expect(() => localTimeIn(at("2026-12-07T02:00:00Z"), "Mars/Olympus")).toThrow(RangeError);
  });

  test("names the zone in the error", () => {
    expect(() => localTimeIn(0, "Mars/Olympus")).toThrow(/Mars\/Olympus/);
  });
});

describe("localTimeIn UTC", () => {
  test("epoch is Thursday 1970-01-01", () => {
    const local = localTimeIn(0, "UTC");

    expect(local).toEqual({ date: "1970-01-01", time: "00:00", weekday: 4 });
  });
});

describe("isValidTimeZone", () => {
  test.each([
    ["Asia/Taipei", true],
    ["America/New_York", true],
    ["Asia/Hong_Kong", true],
    ["UTC", true],
    ["Mars/Olympus", false],
    ["", false],
    ["Asia/Taipeii", false],
  ])("%j is %s", (zone, valid) => {
    expect(isValidTimeZone(zone)).toBe(valid);
  });
});
