"use client";

import { useTranslations } from "next-intl";
import { useCallback, useEffect, useRef, useState } from "react";

import { apiRequest } from "../../lib/api-client";
import { sessionStore } from "../../lib/session-store";
import { AppHeader } from "../app-header";
import { useSignedIn } from "../use-signed-in";
import { formatDuration, type AgentState, type AgentView, type QueueView } from "./acd-views";

/**
 * Seconds in a state after which the grid shows a warning, then an alarm. States not listed
 * raise no alert.
 */
// NOTE: these thresholds are fixed defaults of the studio; no tenant setting changes them yet.
export const STATE_ALERTS: Partial<Record<AgentState, { warningSeconds: number; alarmSeconds: number }>> = {
  "not-ready": { warningSeconds: 600, alarmSeconds: 1200 },
  "wrap-up": { warningSeconds: 120, alarmSeconds: 300 },
  reserved: { warningSeconds: 15, alarmSeconds: 30 },
  "on-call": { warningSeconds: 900, alarmSeconds: 1800 },
};

/** Returns the alert level of an agent that has been `ms` in `state`. */
export function alertLevel(state: AgentState, ms: number): "none" | "warning" | "alarm" {
  const limits = STATE_ALERTS[state];

  if (limits === undefined) return "none";
  if (ms >= limits.alarmSeconds * 1000) return "alarm";
  return ms >= limits.warningSeconds * 1000 ? "warning" : "none";
}

interface Centre {
  queues: QueueView[];
  agents: AgentView[];
}

const ALERT_ROW_CLASSES = { none: undefined, warning: "bg-amber-100", alarm: "bg-red-100" } as const;

// Reads the centre again at most this often while events arrive.
const REREAD_MS = 500;

/** Shows the supervisor the queues, the agent grid with alerts and forced state changes, live over the ACD's event socket. */
export function SupervisorView() {
  const t = useTranslations("supervisor");
  const tAgent = useTranslations("agent");
  const stored = useSignedIn();
  const [centre, setCentre] = useState<{ data: Centre; readAt: number } | null>(null);
  const [now, setNow] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const pending = useRef(false);

  const reread = useCallback(() => {
    if (pending.current) return;
    pending.current = true;
    setTimeout(() => {
      apiRequest<Centre>("/api/acd/centre").then(
        (data) => setCentre({ data, readAt: Date.now() }),
        (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
      );
      pending.current = false;
    }, REREAD_MS);
  }, []);

  useEffect(() => {
    const token = sessionStore.get()?.token;

    if (!stored || !token) return;
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${protocol}//${window.location.host}/api/acd/events`);
    const clock = setInterval(() => setNow(Date.now()), 1000);

    socket.onopen = () => socket.send(JSON.stringify({ type: "auth", token }));
    socket.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as { type: string; message?: string } & Partial<Centre>;

      if (frame.type === "centre") setCentre({ data: { queues: frame.queues ?? [], agents: frame.agents ?? [] }, readAt: Date.now() });
      else if (frame.type === "event") reread();
      else if (frame.type === "error") setError(frame.message ?? frame.type);
    };
    return () => {
      clearInterval(clock);
      socket.close();
    };
  }, [stored, reread]);

  if (!stored) return null;

  async function force(agentId: string, body: unknown) {
    try {
      await apiRequest(`/api/acd/agents/${encodeURIComponent(agentId)}/state`, { method: "POST", body });
      reread();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    }
  }

  const elapsed = centre ? Math.max(0, now - centre.readAt) : 0;
  const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);

  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader stored={stored} />
      <main className="flex flex-col gap-4 p-4">
        <h1 className="text-xl font-semibold">{t("heading")}</h1>
        {error && (
          <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-amber-900">
            {error}
          </p>
        )}
        <table className="text-sm" aria-label={t("queues")}>
          <thead>
            <tr className="text-left text-slate-600">
              <th className="pr-4">{t("queue")}</th>
              <th className="pr-4">{t("waiting")}</th>
              <th className="pr-4">{t("longestWait")}</th>
              <th className="pr-4">{t("serviceLevel")}</th>
              <th className="pr-4">{t("abandonRate")}</th>
              <th className="pr-4">{t("agentsReady")}</th>
            </tr>
          </thead>
          <tbody>
            {centre?.data.queues.map((queue) => (
              <tr key={queue.id}>
                <td className="pr-4" data-user-content>
                  {queue.id}
                </td>
                <td className="pr-4">{queue.waiting}</td>
                <td className="pr-4">{formatDuration(queue.longestWaitMs + (queue.waiting > 0 ? elapsed : 0))}</td>
                <td className="pr-4">{percent(queue.serviceLevel)}</td>
                <td className="pr-4">{percent(queue.abandonRate)}</td>
                <td className="pr-4">
                  {queue.agentsReady} / {queue.agentsLoggedIn}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <table className="text-sm" aria-label={t("agents")}>
          <thead>
            <tr className="text-left text-slate-600">
              <th className="pr-4">{t("agent")}</th>
              <th className="pr-4">{t("state")}</th>
              <th className="pr-4">{t("timeInState")}</th>
              <th className="pr-4">{t("alert")}</th>
              <th>{t("force")}</th>
            </tr>
          </thead>
          <tbody>
            {centre?.data.agents.map((agent) => {
              const inState = agent.timeInStateMs + elapsed;
              const level = alertLevel(agent.state, inState);

              return (
                <tr key={agent.id} data-alert={level} className={ALERT_ROW_CLASSES[level]}>
                  <td className="pr-4" data-user-content>
                    {agent.id}
                  </td>
                  <td className="pr-4">
                    {tAgent(`states.${agent.state}`)}
                    {agent.reason ? ` (${agent.reason})` : ""}
                    {agent.call?.held ? ` · ${tAgent("onHold")}` : ""}
                  </td>
                  <td className="pr-4">{formatDuration(inState)}</td>
                  <td className="pr-4">{level === "none" ? "" : t(`alerts.${level}`)}</td>
                  <td className="flex gap-1">
                    <button type="button" className="rounded border border-slate-300 px-2" disabled={agent.state !== "not-ready" && agent.state !== "wrap-up"} onClick={() => force(agent.id, { state: "ready" })}>
                      {tAgent("ready")}
                    </button>
                    <button type="button" className="rounded border border-slate-300 px-2" disabled={agent.state === "logged-out" || agent.state === "on-call"} onClick={() => force(agent.id, { state: "not-ready", reason: "supervisor" })}>
                      {tAgent("notReady")}
                    </button>
                    <button type="button" className="rounded border border-slate-300 px-2" disabled={agent.state === "logged-out" || agent.state === "on-call"} onClick={() => force(agent.id, { state: "logged-out" })}>
                      {tAgent("logOut")}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </main>
    </div>
  );
}
