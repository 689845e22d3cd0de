"use client";

import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";

import { canvasMarksStore, edgeKey, NO_MARKS, type CanvasMarks } from "../../lib/canvas-marks";
import type { EditorState } from "../../lib/editor-store";
import { TestCallSocket, type TestCallServerMessage, type TraceEventView } from "../../lib/test-call-socket";

const DIAL_PAD = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

interface Prompt {
  nodeId: string;
  text: string;
  language: string;
  audioUrl: string | null;
}

function StepDescription({ event }: { event: TraceEventView | undefined }) {
  const t = useTranslations("simulator.event");
  if (!event) return null;

  const details = [event.nodeId, event.port, event.digit, event.name].filter((detail) => detail !== undefined).join(" ");
  return (
    <p>
      {t.has(event.type) ? t(event.type) : event.type}{" "}
      <span className="font-mono" data-user-content>
        {details}
      </span>
    </p>
  );
}

/** Replays trace events onto canvas marks: the node running, the nodes entered, the edges taken. */
export function marksFromTrace(events: readonly TraceEventView[]): CanvasMarks {
  const visited: string[] = [];
  const taken: string[] = [];
  let active: string | null = null;

  for (const event of events) {
    if (event.type === "node.entered" && event.nodeId) {
      active = event.nodeId;
      if (!visited.includes(event.nodeId)) visited.push(event.nodeId);
    }
    if (event.type === "node.left" && event.nodeId && event.port) taken.push(edgeKey(event.nodeId, event.port));
    if (event.type === "call.ended") active = null;
  }
  return { ...NO_MARKS, activeNodeId: active, visitedNodeIds: visited, takenEdges: taken };
}

function variablesFromTrace(events: readonly TraceEventView[]): Map<string, unknown> {
  const variables = new Map<string, unknown>();

  for (const event of events) {
    if (event.type === "variable.changed" && event.name) variables.set(event.name, event.value);
  }
  return variables;
}

function localDateTime(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Renders the test call panel. It runs a simulated call on the API's test-call WebSocket with a
 * dial pad, shows the prompts heard and the variables, and draws the path live on the canvas. A
 * finished call can be stepped through again, and a recorded call's caller input replayed.
 */
export function SimulatorPanel({ state }: { state: EditorState }) {
  const t = useTranslations("simulator");
  const [caller, setCaller] = useState("0912345678");
  const [called, setCalled] = useState("0800123456");
  const [at, setAt] = useState(() => localDateTime(new Date()));
  const [language, setLanguage] = useState(state.document.languages[0] ?? "");
  const [replayCallId, setReplayCallId] = useState("");
  const [events, setEvents] = useState<TraceEventView[]>([]);
  const [prompts, setPrompts] = useState<Prompt[]>([]);
  const [status, setStatus] = useState<"idle" | "running" | "ended">("idle");
  const [message, setMessage] = useState<string | null>(null);
  const [step, setStep] = useState<number | null>(null);
  const socket = useRef<TestCallSocket | null>(null);

  useEffect(() => () => socket.current?.close(), []);

  useEffect(() => {
    canvasMarksStore.set(marksFromTrace(step === null ? events : events.slice(0, step)));
  }, [events, step]);

  useEffect(() => () => canvasMarksStore.set(NO_MARKS), []);

  function onMessage(received: TestCallServerMessage) {
    if (received.type === "started") setMessage(t("started", { callId: received.callId }));
    if (received.type === "trace") setEvents((previous) => [...previous, received.event]);
    if (received.type === "prompt") setPrompts((previous) => [...previous, received]);
    if (received.type === "error") setMessage(received.message);
    if (received.type === "ended") {
      setStatus("ended");
      const reason = t.has(`reason.${received.reason}`) ? t(`reason.${received.reason}`) : received.reason;
      setMessage(t("ended", { reason, seconds: (received.durationMs / 1000).toFixed(1) }));
      socket.current?.close();
    }
  }

  function start() {
    socket.current?.close();
    setEvents([]);
    setPrompts([]);
    setStep(null);
    setStatus("running");
    setMessage(null);
    socket.current = new TestCallSocket(onMessage, (code) => {
      setStatus((current) => (current === "running" ? "ended" : current));
      if (code === 4401) setMessage(t("unauthorized"));
    });
    socket.current.start({
      flowId: state.flowId,
      source: { kind: "draft" },
      caller,
      called,
      at: at ? new Date(at).toISOString() : undefined,
      language: language || undefined,
      replayCallId: replayCallId.trim() || undefined,
    });
  }

  const variables = variablesFromTrace(step === null ? events : events.slice(0, step));
  const running = status === "running";

  return (
    <aside aria-label={t("heading")} className="flex w-96 flex-col gap-2 overflow-y-auto border-l border-slate-200 bg-white p-3 text-xs" data-testid="simulator">
      <h2 className="text-sm font-semibold">{t("heading")}</h2>
      {state.dirty && <p className="text-amber-700">{t("unsaved")}</p>}
      <div className="grid grid-cols-2 gap-2">
        <label className="flex flex-col gap-1">
          {t("caller")}
          <input value={caller} onChange={(event) => setCaller(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <label className="flex flex-col gap-1">
          {t("called")}
          <input value={called} onChange={(event) => setCalled(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <label className="flex flex-col gap-1">
          {t("at")}
          <input type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
        <label className="flex flex-col gap-1">
          {t("language")}
          <select value={language} onChange={(event) => setLanguage(event.target.value)} className="rounded border border-slate-300 px-1 py-0.5">
            {state.document.languages.map((each) => (
              <option key={each} value={each}>
                {t.has(`spoken.${each}`) ? t(`spoken.${each}`) : each}
              </option>
            ))}
          </select>
        </label>
        <label className="col-span-2 flex flex-col gap-1">
          {t("replay")}
          <input value={replayCallId} onChange={(event) => setReplayCallId(event.target.value)} placeholder={t("replayHelp")} className="rounded border border-slate-300 px-1 py-0.5" />
        </label>
      </div>
      <div className="flex gap-2">
        <button type="button" onClick={start} disabled={running} className="rounded bg-emerald-700 px-3 py-1 font-medium text-white disabled:opacity-50">
          {t("start")}
        </button>
        <button type="button" onClick={() => socket.current?.hangup()} disabled={!running} className="rounded bg-red-700 px-3 py-1 font-medium text-white disabled:opacity-50">
          {t("hangup")}
        </button>
      </div>
      <div role="group" aria-label={t("dialPad")} className="grid w-40 grid-cols-3 gap-1">
        {DIAL_PAD.map((key) => (
          <button key={key} type="button" disabled={!running} onClick={() => socket.current?.dtmf(key)} className="rounded border border-slate-300 py-1 text-base hover:bg-slate-100 disabled:opacity-50" aria-label={t("key", { key })}>
            {key}
          </button>
        ))}
      </div>
      {message && (
        <p role="status" className="text-slate-700">
          {message}
        </p>
      )}
      <section aria-label={t("prompts")}>
        <h3 className="font-semibold">{t("prompts")}</h3>
        <ol className="flex flex-col gap-1" data-testid="prompts">
          {prompts.map((prompt, index) => (
            <li key={index} className="rounded bg-slate-50 p-1">
              <span className="font-mono text-slate-500" data-user-content>
                {prompt.nodeId}
              </span>{" "}
              <span data-user-content>{prompt.text}</span>
              {prompt.audioUrl && <audio controls preload="none" src={prompt.audioUrl} className="mt-1 h-6 w-full" aria-label={t("audio", { node: prompt.nodeId })} />}
            </li>
          ))}
        </ol>
      </section>
      <section aria-label={t("variables")}>
        <h3 className="font-semibold">{t("variables")}</h3>
        <table className="w-full" data-testid="variables">
          <tbody>
            {[...variables].map(([name, value]) => (
              <tr key={name}>
                <td className="pr-2 font-mono" data-user-content>
                  {name}
                </td>
                <td className="font-mono" data-user-content>
                  {JSON.stringify(value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {status === "ended" && events.length > 0 && (
        <section aria-label={t("steps")} className="flex flex-col gap-1">
          <h3 className="font-semibold">{t("steps")}</h3>
          <label className="flex items-center gap-2">
            <span>{t("step", { step: step ?? events.length, total: events.length })}</span>
            <input type="range" min={0} max={events.length} value={step ?? events.length} onChange={(event) => setStep(Number(event.target.value))} aria-label={t("stepSlider")} />
          </label>
          <div className="flex gap-1">
            <button type="button" onClick={() => setStep((current) => Math.max(0, (current ?? events.length) - 1))} className="rounded border border-slate-300 px-2">
              {t("back")}
            </button>
            <button type="button" onClick={() => setStep((current) => Math.min(events.length, (current ?? 0) + 1))} className="rounded border border-slate-300 px-2">
              {t("forward")}
            </button>
          </div>
          <StepDescription event={events[(step ?? events.length) - 1]} />
        </section>
      )}
    </aside>
  );
}
