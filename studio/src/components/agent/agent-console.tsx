"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { apiRequest } from "../../lib/api-client";
import { AppHeader } from "../app-header";
import { useSignedIn } from "../use-signed-in";
import { formatDuration, type AgentView } from "./acd-views";
import { CallPanel } from "./call-panel";
import { useOwnAgent } from "./use-own-agent";

/** Reason codes offered for not ready; the ACD accepts any code of lower-case letters, digits and -. */
const NOT_READY_REASONS = ["break", "lunch", "training", "meeting"] as const;

/** Shows the agent console: state changes, the offered call with its data, accept, hold, transfer, hang-up and the day's counters. */
export function AgentConsole() {
  const t = useTranslations("agent");
  const stored = useSignedIn();
  const [message, setMessage] = useState<string | null>(null);
  const { agent, readAt, update } = useOwnAgent(stored !== null, setMessage);
  const [now, setNow] = useState(0);
  const [reason, setReason] = useState<string>(NOT_READY_REASONS[0]);

  useEffect(() => {
    const clock = setInterval(() => setNow(Date.now()), 1000);

    return () => clearInterval(clock);
  }, []);

  if (!stored) return null;

  async function act(path: string, body?: unknown, done?: string) {
    try {
      const result = await apiRequest<AgentView & { granted?: boolean }>(`/api/acd/agent/${path}`, { method: "POST", body });

      update(result);
      setMessage(result.granted === false ? t("breakRejected") : (done ?? null));
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    }
  }

  const state = agent?.state ?? "logged-out";
  const timeInStateMs = agent ? agent.timeInStateMs + Math.max(0, now - readAt) : 0;

  return (
    <div className="flex min-h-screen flex-col">
      <AppHeader stored={stored} />
      <main className="mx-auto flex w-full max-w-4xl flex-col gap-4 p-4">
        <h1 className="text-xl font-semibold">{t("heading")}</h1>
        <section aria-label={t("stateLabel")} className="flex flex-wrap items-center gap-3">
          <span data-testid="agent-state" className="rounded bg-slate-100 px-2 py-1 font-medium">
            {t(`states.${state}`)}
            {agent?.reason ? ` (${t.has(`reasons.${agent.reason}`) ? t(`reasons.${agent.reason}`) : agent.reason})` : ""}
          </span>
          <span className="text-sm text-slate-600">{t("timeInState", { time: formatDuration(timeInStateMs) })}</span>
          {state === "logged-out" ? (
            <button type="button" className="rounded bg-blue-700 px-3 py-1 text-white" onClick={() => act("login", { ready: false })}>
              {t("logIn")}
            </button>
          ) : (
            <>
              <button type="button" className="rounded bg-green-700 px-3 py-1 text-white disabled:opacity-50" disabled={state !== "not-ready" && state !== "wrap-up"} onClick={() => act("ready")}>
                {t("ready")}
              </button>
              <label className="flex items-center gap-1 text-sm">
                {t("reason")}
                <select value={reason} onChange={(event) => setReason(event.target.value)} className="rounded border border-slate-300 px-1 py-1">
                  {NOT_READY_REASONS.map((code) => (
                    <option key={code} value={code}>
                      {t(`reasons.${code}`)}
                    </option>
                  ))}
                </select>
              </label>
              <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50" disabled={state === "on-call"} onClick={() => act("not-ready", { reason })}>
                {t("notReady")}
              </button>
              <button type="button" className="rounded border border-slate-300 px-3 py-1 disabled:opacity-50" disabled={state === "on-call"} onClick={() => act("logout")}>
                {t("logOut")}
              </button>
            </>
          )}
        </section>
        {message && (
          <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-amber-900">
            {message}
          </p>
        )}
        <CallPanel
          agent={agent}
          onAccept={(callId) => act("accept", { callId })}
          onHangUp={() => act("end-call")}
          onHold={() => act("hold")}
          onResume={() => act("resume")}
          onTransfer={(target) => act("transfer", { target }, t("transferred"))}
        />
        <DayCounters agent={agent} sinceReadMs={Math.max(0, now - readAt)} />
      </main>
    </div>
  );
}

// Counter of the day that the time in each state adds to.
const STATE_COUNTERS = { ready: "readyMs", "not-ready": "notReadyMs", "on-call": "talkMs", "wrap-up": "wrapUpMs" } as const;

// The day's counters as last read, with the time since then added to the current state's counter.
function DayCounters({ agent, sinceReadMs }: { agent: AgentView | null; sinceReadMs: number }) {
  const t = useTranslations("agent");

  if (!agent) return null;
  const today = { ...agent.today };
  const running = STATE_COUNTERS[agent.state as keyof typeof STATE_COUNTERS];

  if (running !== undefined) today[running] += sinceReadMs;
  const rows: Array<[string, string]> = [
    [t("counters.callsAnswered"), String(today.callsAnswered)],
    [t("counters.callsMade"), String(today.callsMade)],
    [t("counters.talk"), formatDuration(today.talkMs)],
    [t("counters.ready"), formatDuration(today.readyMs)],
    [t("counters.notReady"), formatDuration(today.notReadyMs)],
    [t("counters.wrapUp"), formatDuration(today.wrapUpMs)],
  ];

  return (
    <section aria-label={t("counters.heading")}>
      <h2 className="font-semibold">{t("counters.heading")}</h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
