"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { apiRequest, ApiRequestError } from "../../lib/api-client";
import { useFieldLabel, type FieldProps } from "./schema-form";

interface SpecialDay {
  date: string;
  name: string;
  hours?: Array<{ open: string; close: string }>;
}

interface CalendarView {
  id: string;
  name: string;
  timeZone: string;
  definition: { days: SpecialDay[] } & Record<string, unknown>;
}

/**
 * Renders the holiday calendar field of a business-hours node: a choice of the tenant's
 * calendars and an editor of the chosen calendar's holidays. Saving writes the calendar itself,
 * so the change applies to every flow that uses it. Special days with their own hours are shown
 * but their hours are not edited here.
 */
export function CalendarField({ name, value, path, context, onChange }: FieldProps) {
  const t = useTranslations("holidays");
  const label = useFieldLabel()(name);
  const [calendars, setCalendars] = useState<CalendarView[] | null>(null);
  const [days, setDays] = useState<SpecialDay[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const chosen = calendars?.find((calendar) => calendar.name === value);

  useEffect(() => {
    apiRequest<{ items: CalendarView[] }>("/api/calendars").then(
      (result) => setCalendars(result.items),
      (caught: unknown) => setMessage(caught instanceof ApiRequestError ? caught.message : String(caught)),
    );
  }, []);

  useEffect(() => setDays(chosen ? chosen.definition.days : null), [chosen]);

  async function save() {
    if (!chosen || !days) return;
    try {
      const saved = await apiRequest<CalendarView>(`/api/calendars/${chosen.id}`, { method: "PATCH", body: { definition: { ...chosen.definition, days } } });
      setCalendars((current) => current?.map((calendar) => (calendar.id === saved.id ? saved : calendar)) ?? null);
      setMessage(t("saved", { name: saved.name }));
    } catch (caught) {
      setMessage(caught instanceof ApiRequestError ? caught.message : String(caught));
    }
  }

  const setDay = (index: number, change: Partial<SpecialDay>) => setDays((current) => current?.map((day, position) => (position === index ? { ...day, ...change } : day)) ?? null);

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
              <tr key={index}>
                <td>
                  <input type="date" aria-label={t("date")} value={day.date} onChange={(event) => setDay(index, { date: event.target.value })} className="rounded border border-slate-300 px-1" />
                </td>
                <td>
                  <input aria-label={t("name")} value={day.name} onChange={(event) => setDay(index, { name: event.target.value })} className="w-full rounded border border-slate-300 px-1" />
                </td>
                <td>{day.hours && day.hours.length > 0 ? day.hours.map((hours) => `${hours.open}–${hours.close}`).join(", ") : t("closedAllDay")}</td>
                <td>
                  <button type="button" aria-label={t("remove", { date: day.date })} onClick={() => setDays(days.filter((_, position) => position !== index))} className="px-1 text-red-700">
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {days && (
        <div className="flex gap-2">
          <button type="button" onClick={() => setDays([...days, { date: "", name: "" }])} className="rounded border border-slate-300 px-2 py-0.5">
            {t("add")}
          </button>
          <button type="button" onClick={save} className="rounded bg-blue-700 px-2 py-0.5 text-white">
            {t("save")}
          </button>
        </div>
      )}
      {message && <p role="status">{message}</p>}
    </fieldset>
  );
}
