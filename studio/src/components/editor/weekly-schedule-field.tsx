"use client";

import { useTranslations } from "next-intl";

import type { JsonSchema } from "../../lib/api-types";
import { openingHoursProblems } from "../../lib/special-days";
import { useFieldLabel, type FieldProps } from "./schema-form";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

type Hours = { open?: string; close?: string };

/** Whether a schema is a weekly schedule: opening hours for each day from mon to sun. */
export function isWeeklySchema(schema: JsonSchema): boolean {
  return DAYS.every((day) => schema.properties?.[day] !== undefined);
}

/** Opening hours per weekday: any number of open-close ranges a day; a day without ranges is closed. */
export function WeeklyScheduleField({ name, value, path, context, onChange }: FieldProps) {
  const t = useTranslations("schedule");
  const invalid = useTranslations("holidays.invalid");
  const label = useFieldLabel()(name);
  const week = (value && typeof value === "object" ? value : {}) as Record<string, Hours[] | undefined>;

  function setDay(day: string, hours: Hours[]) {
    onChange({ ...Object.fromEntries(DAYS.map((each) => [each, week[each] ?? []])), [day]: hours });
  }

  return (
    <fieldset className="flex flex-col gap-1 rounded border border-slate-200 p-2 text-xs">
      <legend className="px-1 font-medium text-slate-700">{label}</legend>
      {DAYS.map((day) => {
        const hours = week[day] ?? [];
        const problems = openingHoursProblems(hours.map((range) => ({ open: range.open ?? "", close: range.close ?? "" })));
        const rangeInvalid = (index: number) => problems.some((problem) => problem.range === index);
        return (
          <div key={day} className="flex flex-wrap items-center gap-1">
            <span className="w-14 font-medium">{t(`day.${day}`)}</span>
            {hours.length === 0 && <span className="text-slate-500">{t("closed")}</span>}
            {hours.map((range, index) => (
              <span key={index} className="flex items-center gap-1">
                <input type="time" aria-label={t("open", { day: t(`day.${day}`), range: index + 1 })} aria-invalid={rangeInvalid(index)} value={range.open ?? ""} onChange={(event) => setDay(day, hours.map((each, position) => (position === index ? { ...each, open: event.target.value } : each)))} className="rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600" />
                –
                <input type="time" aria-label={t("close", { day: t(`day.${day}`), range: index + 1 })} aria-invalid={rangeInvalid(index)} value={range.close ?? ""} onChange={(event) => setDay(day, hours.map((each, position) => (position === index ? { ...each, close: event.target.value } : each)))} className="rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600" />
                <button type="button" aria-label={t("remove", { day: t(`day.${day}`), range: index + 1 })} onClick={() => setDay(day, hours.filter((_, position) => position !== index))} className="px-1 text-red-700">
                  ×
                </button>
              </span>
            ))}
            <button type="button" onClick={() => setDay(day, [...hours, { open: "09:00", close: "17:00" }])} className="rounded border border-slate-300 px-1 hover:bg-slate-100" aria-label={t("add", { day: t(`day.${day}`) })}>
              +
            </button>
            {problems.map((problem) => (
              <span key={`${problem.range}-${problem.code}`} role="alert" className="basis-full text-red-700">
                {invalid(problem.code, { open: hours[problem.range]?.open ?? "", close: hours[problem.range]?.close ?? "" })}
              </span>
            ))}
            {context.problems.get(`${path}/${day}`)?.map((message) => (
              <span key={message} role="alert" className="text-red-700">
                {message}
              </span>
            ))}
          </div>
        );
      })}
    </fieldset>
  );
}
