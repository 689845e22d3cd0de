"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";

import type { OpeningHours, SpecialDay, SpecialDayProblem } from "../../lib/special-days";

// Hours a day gets when it changes from closed all day to special hours: a typical half day.
const FIRST_RANGE: OpeningHours = { open: "09:00", close: "12:00" };
const NEXT_RANGE: OpeningHours = { open: "13:00", close: "17:00" };

interface SpecialDayRowProps {
  day: SpecialDay;
  problems: SpecialDayProblem[];
  onChange(day: SpecialDay): void;
  onRemove(): void;
}

/**
 * Renders one day of a holiday calendar as a table row: its date, name, and whether it is
 * closed all day or open in special hours, with the problems of each field shown beside it.
 */
export function SpecialDayRow({ day, problems, onChange, onRemove }: SpecialDayRowProps) {
  const t = useTranslations("holidays");
  const problemId = useId();
  const hours = day.hours ?? [];
  const special = day.hours !== undefined;
  const subject = day.date || day.name || "—";
  const message = (problem: SpecialDayProblem) => {
    const range = problem.range === undefined ? undefined : hours[problem.range];
    return t(`invalid.${problem.code}`, { date: day.date, open: range?.open ?? "", close: range?.close ?? "" });
  };
  const dayProblems = problems.filter((problem) => problem.range === undefined);
  const hasProblem = (code: SpecialDayProblem["code"]) => dayProblems.some((problem) => problem.code === code);
  const setHours = (next: OpeningHours[]) => onChange({ ...day, hours: next });
  const setRange = (index: number, change: Partial<OpeningHours>) => setHours(hours.map((range, position) => (position === index ? { ...range, ...change } : range)));

  return (
    <tr className="align-top" data-testid="special-day">
      <td>
        <input
          type="date"
          aria-label={t("date")}
          aria-invalid={hasProblem("date") || hasProblem("duplicate")}
          aria-describedby={dayProblems.length > 0 ? problemId : undefined}
          value={day.date}
          onChange={(event) => onChange({ ...day, date: event.target.value })}
          className="rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600"
        />
      </td>
      <td>
        <input
          aria-label={t("name")}
          aria-invalid={hasProblem("name")}
          aria-describedby={dayProblems.length > 0 ? problemId : undefined}
          value={day.name}
          onChange={(event) => onChange({ ...day, name: event.target.value })}
          className="w-full rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600"
        />
        {dayProblems.length > 0 && (
          <div id={problemId}>
            {dayProblems.map((problem) => (
              <span key={problem.code} role="alert" className="block text-red-700">
                {message(problem)}
              </span>
            ))}
          </div>
        )}
      </td>
      <td>
        <select
          aria-label={t("opening", { day: subject })}
          value={special ? "special" : "closed"}
          onChange={(event) => onChange(event.target.value === "special" ? { ...day, hours: [FIRST_RANGE] } : { date: day.date, name: day.name })}
          className="rounded border border-slate-300 px-1"
        >
          <option value="closed">{t("closedAllDay")}</option>
          <option value="special">{t("specialHours")}</option>
        </select>
        {hours.map((range, index) => {
          const rangeProblems = problems.filter((problem) => problem.range === index);
          const labels = { day: subject, range: index + 1 };
          return (
            <div key={index} className="mt-1 flex flex-wrap items-center gap-1" data-testid="special-hours">
              <input type="time" aria-label={t("opensAt", labels)} aria-invalid={rangeProblems.length > 0} value={range.open} onChange={(event) => setRange(index, { open: event.target.value })} className="rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600" />
              –
              <input type="time" aria-label={t("closesAt", labels)} aria-invalid={rangeProblems.length > 0} value={range.close} onChange={(event) => setRange(index, { close: event.target.value })} className="rounded border border-slate-300 px-1 aria-[invalid=true]:border-red-600" />
              <button type="button" aria-label={t("removeHours", labels)} onClick={() => setHours(hours.filter((_, position) => position !== index))} className="px-1 text-red-700">
                ×
              </button>
              {rangeProblems.map((problem) => (
                <span key={problem.code} role="alert" className="basis-full text-red-700">
                  {message(problem)}
                </span>
              ))}
            </div>
          );
        })}
        {special && (
          <button type="button" onClick={() => setHours([...hours, hours.length === 0 ? FIRST_RANGE : NEXT_RANGE])} aria-label={t("addHoursTo", { day: subject })} className="mt-1 rounded border border-slate-300 px-1 hover:bg-slate-100">
            {t("addHours")}
          </button>
        )}
      </td>
      <td>
        <button type="button" aria-label={t("remove", { date: subject })} onClick={onRemove} className="px-1 text-red-700">
          ×
        </button>
      </td>
    </tr>
  );
}
