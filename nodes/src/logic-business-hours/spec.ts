import { defineSpec, hoursSchema, isValidTimeZone, type Calendar } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";

const dayHours = z.array(hoursSchema).default([]);

export const logicBusinessHoursConfigSchema = z.object({
  /** IANA time zone such as Asia/Taipei. Default: the call site's zone. */
  timeZone: z
    .string()
    .refine(isValidTimeZone, { message: "is not a known IANA time zone; use a name such as Asia/Taipei or America/New_York" })
    .optional(),
  /** Opening hours per weekday, local time; a day without hours is closed. */
  weekly: z.object({
    mon: dayHours,
    tue: dayHours,
    wed: dayHours,
    thu: dayHours,
    fri: dayHours,
    sat: dayHours,
    sun: dayHours,
  }),
  /** Holiday calendar by name: whole holidays, and half days open only in their own hours. */
  calendar: z.string().min(1).optional(),
});

export type LogicBusinessHoursConfig = z.infer<typeof logicBusinessHoursConfigSchema>;

/** The schedule as `run` uses it. */
export interface PreparedBusinessHours {
  timeZone?: string;
  /** Opening hours by weekday, 0 Sunday to 6 Saturday. */
  days: LogicBusinessHoursConfig["weekly"][keyof LogicBusinessHoursConfig["weekly"]][];
  calendar?: Calendar;
}

/** Routes by opening hours, weekly schedule and holiday calendar. */
export const logicBusinessHoursSpec = defineSpec({
  type: "logic.businessHours",
  version: 1,
  category: "logic",
  kinds: ALL_KINDS,
  title: { en: "Business hours", "zh-Hans": "营业时间", "zh-Hant": "營業時間" },
  description: {
    en: "Leaves by open, closed or holiday from the current local time, a weekly schedule and a holiday calendar. Opening times are inclusive, closing times exclusive.",
    "zh-Hans": "根据当地时间、每周时间表和节假日日历，从 open、closed 或 holiday 离开。开始时间包含在内，结束时间不包含。",
    "zh-Hant": "依當地時間、每週時間表和假日行事曆，從 open、closed 或 holiday 離開。開始時間包含在內，結束時間不包含。",
  },
  configSchema: logicBusinessHoursConfigSchema,
  ports: ["open", "closed", "holiday"],
  requiredPorts: ["open", "closed"],
  portTitles: {
    open: { en: "Open", "zh-Hans": "营业中", "zh-Hant": "營業中" },
    closed: { en: "Closed", "zh-Hans": "非营业时间", "zh-Hant": "非營業時間" },
    holiday: { en: "Holiday", "zh-Hans": "节假日", "zh-Hant": "假日" },
  },
  capabilities: [],
  prepare(config, tools): PreparedBusinessHours {
    const { mon, tue, wed, thu, fri, sat, sun } = config.weekly;

    return {
      timeZone: config.timeZone,
      days: [sun, mon, tue, wed, thu, fri, sat],
      calendar: config.calendar === undefined ? undefined : tools.calendar(config.calendar, "/calendar"),
    };
  },
});
