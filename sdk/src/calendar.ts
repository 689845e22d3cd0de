import { z } from "zod";

import { localizedTextSchema } from "./locale.js";

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "a time such as 09:00 or 17:30 (24-hour)");

/** Opening hours within one day, `open` inclusive and `close` exclusive, local time. */
export const hoursSchema = z
  .object({ open: timeOfDay, close: timeOfDay })
  .refine((h) => h.open < h.close, { message: "open must be before close" });

export type Hours = z.infer<typeof hoursSchema>;

/**
 * A special day of a calendar. Without `hours` the whole day is a holiday; with `hours` it is
 * a half (or special) day: open in those hours, a holiday outside them.
 *
 * @example { "date": "2026-12-25", "name": "Christmas" }
 * @example { "date": "2027-02-05", "name": "Lunar New Year's Eve", "hours": [{ "open": "09:00", "close": "12:00" }] }
 */
export const specialDaySchema = z.object({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date such as 2026-12-25"),
  name: z.string().min(1),
  hours: z.array(hoursSchema).optional(),
});

/** A holiday calendar, referenced by name from `logic.businessHours`. */
export const calendarSchema = z.object({
  title: localizedTextSchema.optional(),
  days: z.array(specialDaySchema),
});

export type Calendar = z.infer<typeof calendarSchema>;
export type SpecialDay = z.infer<typeof specialDaySchema>;

/** Local calendar date and time of an instant in a time zone. */
export interface LocalTime {
  /** `YYYY-MM-DD`. */
  date: string;
  /** `HH:MM`. */
  time: string;
  /** 0 Sunday to 6 Saturday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * Converts an instant to local date, time and weekday in an IANA time zone, with the host's
 * time-zone data (Intl), so daylight-saving changes follow the tz database.
 *
 * @throws RangeError for an unknown time zone
 */
export function localTimeIn(epochMs: number, timeZone: string): LocalTime {
  let formatter = formatters.get(timeZone);

  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    });
    formatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};

  for (const part of formatter.formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** True when `timeZone` is an IANA zone name the host knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return true;
  } catch {
    return false;
  }
}
