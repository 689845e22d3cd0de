/** Opening hours of one range, local time: `open` inclusive, `close` exclusive. */
export interface OpeningHours {
  open: string;
  close: string;
}

/**
 * A day of a holiday calendar, as the calendar routes store it. Without `hours` the day is a
 * holiday all day; with hours the business-hours node leaves by `open` within them and by
 * `holiday` outside them.
 */
export interface SpecialDay {
  date: string;
  name: string;
  hours?: OpeningHours[];
}

/** Kinds of problems, each the key of its message under `holidays.invalid`. */
export type SpecialDayProblemCode = "date" | "duplicate" | "name" | "time" | "order" | "overlap";

/** A problem of one day of a calendar; `range` is the index of the hours it concerns, if any. */
export interface SpecialDayProblem {
  day: number;
  range?: number;
  code: SpecialDayProblemCode;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// The times that the calendar schema of @callflow/sdk accepts: 00:00 to 23:59, and 24:00 as a close.
const TIME = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;

  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Returns the problems of one day's opening hours, by range index: a missing or malformed
 * time, a range that closes before it opens, and a range that overlaps an earlier one.
 */
export function openingHoursProblems(hours: readonly OpeningHours[]): Array<{ range: number; code: "time" | "order" | "overlap" }> {
  const problems: Array<{ range: number; code: "time" | "order" | "overlap" }> = [];
  const valid: Array<OpeningHours & { range: number }> = [];

  hours.forEach((range, index) => {
    if (!TIME.test(range.open) || !TIME.test(range.close)) problems.push({ range: index, code: "time" });
    else if (range.open >= range.close) problems.push({ range: index, code: "order" });
    else valid.push({ ...range, range: index });
  });

  // Times in HH:MM order as text, so the sort and comparisons need no parsing.
  const sorted = [...valid].sort((a, b) => (a.open < b.open ? -1 : 1));
  for (let index = 1; index < sorted.length; index += 1) {
    if (sorted[index].open < sorted[index - 1].close) problems.push({ range: sorted[index].range, code: "overlap" });
  }
  return problems;
}

/**
 * Returns the problems that keep a calendar's days from being saved or from meaning what they
 * show: an invalid or repeated date, a missing name, and hours that are incomplete, reversed
 * or overlapping. The runtime uses the first entry of a date, so a repeated date is a problem.
 */
export function specialDayProblems(days: readonly SpecialDay[]): SpecialDayProblem[] {
  const problems: SpecialDayProblem[] = [];
  const seen = new Set<string>();

  days.forEach((day, index) => {
    if (!isCalendarDate(day.date)) problems.push({ day: index, code: "date" });
    else if (seen.has(day.date)) problems.push({ day: index, code: "duplicate" });
    seen.add(day.date);

    if (day.name.trim() === "") problems.push({ day: index, code: "name" });
    problems.push(...openingHoursProblems(day.hours ?? []).map((problem) => ({ day: index, ...problem })));
  });
  return problems;
}

/**
 * Returns the days as the calendar stores them: a day whose hours were all removed is closed
 * all day, so its empty `hours` is left out.
 */
export function storedSpecialDays(days: readonly SpecialDay[]): SpecialDay[] {
  return days.map(({ hours, ...day }) => (hours && hours.length > 0 ? { ...day, hours } : day));
}
