import { calendarSchema } from "@callflow/sdk";

import { specialDayProblems, storedSpecialDays, type SpecialDay } from "./special-days";

const CHRISTMAS: SpecialDay = { date: "2026-12-25", name: "Christmas" };
const NEW_YEARS_EVE: SpecialDay = { date: "2027-02-05", name: "Lunar New Year's Eve", hours: [{ open: "09:00", close: "12:00" }] };

describe("specialDayProblems", () => {
  it("accepts holidays and special hours", () => {
    const days = [CHRISTMAS, NEW_YEARS_EVE, { date: "2027-02-06", name: "Split day", hours: [{ open: "14:00", close: "24:00" }, { open: "08:00", close: "12:00" }] }];

    expect(specialDayProblems(days)).toEqual([]);
    expect(calendarSchema.safeParse({ days }).success).toBe(true);
  });

  it.each(["", "2027-2-5", "2027-02-30", "2027-13-01", "tomorrow"])("rejects the date %j", (date) => {
    expect(specialDayProblems([{ ...CHRISTMAS, date }])).toEqual([{ day: 0, code: "date" }]);
  });

  it("rejects a repeated date", () => {
    const problems = specialDayProblems([CHRISTMAS, { ...CHRISTMAS, name: "Christmas again" }]);

    expect(problems).toEqual([{ day: 1, code: "duplicate" }]);
  });

  it("rejects a blank name", () => {
    expect(specialDayProblems([{ ...CHRISTMAS, name: "  " }])).toEqual([{ day: 0, code: "name" }]);
  });

  it("rejects a missing time", () => {
    const problems = specialDayProblems([{ ...NEW_YEARS_EVE, hours: [{ open: "09:00", close: "" }] }]);

    expect(problems).toEqual([{ day: 0, range: 0, code: "time" }]);
  });

  it("rejects hours that close before they open", () => {
    const problems = specialDayProblems([{ ...NEW_YEARS_EVE, hours: [{ open: "12:00", close: "09:00" }] }]);

    expect(problems).toEqual([{ day: 0, range: 0, code: "order" }]);
  });

  it("rejects overlapping hours", () => {
    const problems = specialDayProblems([{ ...NEW_YEARS_EVE, hours: [{ open: "13:00", close: "17:00" }, { open: "09:00", close: "13:30" }] }]);

    expect(problems).toEqual([{ day: 0, range: 0, code: "overlap" }]);
  });

  it("finds every day the sdk schema rejects", () => {
    const days = [{ date: "2027-02-05", name: "Eve", hours: [{ open: "9:00", close: "12:00" }] }, { date: "2027-02-06", name: "", hours: [{ open: "12:00", close: "12:00" }] }];

    expect(calendarSchema.safeParse({ days }).success).toBe(false);
    expect(specialDayProblems(days).map((problem) => problem.day)).toEqual([0, 1, 1]);
  });
});

describe("storedSpecialDays", () => {
  it("stores a day without hours as closed all day", () => {
    expect(storedSpecialDays([{ ...CHRISTMAS, hours: [] }, NEW_YEARS_EVE])).toEqual([CHRISTMAS, NEW_YEARS_EVE]);
  });
});
