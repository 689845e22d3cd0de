"use client";

import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import { specialDayProblems, storedSpecialDays, type SpecialDay } from "../../lib/special-days";
import { useFieldLabel, type FieldProps } from "./schema-form";
import { SpecialDayRow } from "./special-day-row";

interface CalendarView {
  id: string;
  name: string;
  timeZone: string;
  definition: { days: SpecialDay[] } & Record<string, unknown>;
}

/**
 * Renders the holiday calendar field of a business-hours node: a choice of the tenant's
 * calendars and an editor of the chosen calendar's days: holidays closed all day, and special
 * days open in their own hours. Saving writes the calendar itself, so the change applies to
 * every flow that uses it. The save button stays disabled while the days have problems.
 */
export function CalendarField({ name, value, path, context, onChange }: FieldProps) {
  const t = useTranslations("holidays");
  const label = useFieldLabel()(name);
  const [calendars, setCalendars] = useState<CalendarView[] | null>(null);
  const [days, setDays] = useState<SpecialDay[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const chosen = calendars?.find((calendar) => calendar.name === value);
  const problemsId = useId();

  useEffect(() => {
    apiRequest<{ items: CalendarView[] }>("/api/calendars").then(
      (result) => setCalendars(result.items),
      (caught: unknown) => setMessage(caught instanceof ApiRequestError ? caught.message : String(caught)),
    );
  }, []);

  useEffect(() => setDays(chosen ? chosen.definition.days : null), [chosen]);

  const problems = days ? specialDayProblems(days) : [];

  async function save() {
    if (!chosen || !days || problems.length > 0) return;
    try {
      const body = { definition: { ...chosen.definition, days: storedSpecialDays(days) } };
      const saved = await apiRequest<CalendarView>(`/api/calendars/${chosen.id}`, { method: "PATCH", body });
      setCalendars((current) => current?.map((calendar) => (calendar.id === saved.id ? saved : calendar)) ?? null);
      setMessage(t("saved", { name: saved.name }));
    } catch (caught) {
      setMessage(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  const setDay = (index: number, day: SpecialDay) => setDays((current) => current?.map((each, position) => (position === index ? day : each)) ?? null);

  return (
    <fieldset className="flex flex-col gap-1 rounded border border-slate-200 p-2 text-xs" data-testid="calendar-field">
      <legend className="px-1 font-medium text-slate-700">{label}</legend>
      {calendars === null ? (
        <input aria-label={label} value={typeof value === "string" ? value : ""} onChange={(event) => onChange(event.target.value || undefined)} className="rounded border border-slate-300 px-2 py-1" />
      ) : (
        <select aria-label={label} value={typeof value === "string" ? value : ""} onChange={(event) => onChange(event.target.value || undefined)} className="rounded border border-slate-300 px-2 py-1">
          <option value="">{t("none")}</option>
          {calendars.map((calendar) => (
            <option key={calendar.id} value={calendar.name}>
              {calendar.name}
            </option>
          ))}
        </select>
      )}
      {context.problems.get(path)?.map((problem) => (
        <span key={problem} role="alert" className="text-red-700">
          {problem}
        </span>
      ))}
      {days && (
        <table className="w-full" aria-label={t("heading")}>
          <thead>
            <tr className="text-left text-slate-500">
              <th className="font-normal">{t("date")}</th>
              <th className="font-normal">{t("name")}</th>
              <th className="font-normal">{t("hours")}</th>
              <th className="sr-only">{t("actions")}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, index) => (
              <SpecialDayRow
                key={index}
                day={day}
                problems={problems.filter((problem) => problem.day === index)}
                onChange={(next) => setDay(index, next)}
                onRemove={() => setDays(days.filter((_, position) => position !== index))}
              />
            ))}
          </tbody>
        </table>
      )}
      {days && (
        <div className="flex gap-2">
          <button type="button" onClick={() => setDays([...days, { date: "", name: "" }])} className="rounded border border-slate-300 px-2 py-0.5">
            {t("add")}
          </button>
          <button type="button" onClick={save} disabled={problems.length > 0} aria-describedby={problems.length > 0 ? problemsId : undefined} className="rounded bg-blue-700 px-2 py-0.5 text-white disabled:opacity-60">
            {t("save")}
          </button>
        </div>
      )}
      {problems.length > 0 && (
        <p id={problemsId} className="text-red-700">
          {t("fixFirst", { count: problems.length })}
        </p>
      )}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
