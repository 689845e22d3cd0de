"use client";

import { useTranslations } from "next-intl";
import { useEffect, useState } from "react";

import { apiRequest } from "../../lib/api-client";
import type { AgentView, TransferTarget } from "./acd-views";

const TRANSFER_TYPES = ["agent", "queue", "flow", "external"] as const;

type TransferType = (typeof TRANSFER_TYPES)[number];

function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function targetOf(type: TransferType, value: string): TransferTarget {
  if (type === "agent") return { type, agentId: value };
  if (type === "queue") return { type, queue: value };
  if (type === "flow") return { type, flow: value };
  return { type, number: value };
}

interface CallPanelProps {
  agent: AgentView | null;
  onAccept(callId: string): void;
  onHangUp(): void;
  onHold(): void;
  onResume(): void;
  onTransfer(target: TransferTarget): void;
}

/** Shows the offered or connected call with the data the IVR collected (the screen pop) and the call's actions. */
export function CallPanel({ agent, onAccept, onHangUp, onHold, onResume, onTransfer }: CallPanelProps) {
  const t = useTranslations("agent");
  const call = agent?.call;

  if (!call) return <p className="text-slate-600">{t("noCall")}</p>;
  return (
    <section aria-label={t("screenPop")} data-testid="screen-pop" className="rounded border border-slate-200 p-3">
      <h2 className="font-semibold">
        {agent.state === "reserved" ? t("offered") : t("connected")}
        {call.held && <span data-testid="call-held" className="ml-2 rounded bg-amber-100 px-2 text-sm text-amber-900">{t("onHold")}</span>}
      </h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">{t("queue")}</dt>
        <dd data-user-content>{call.queue}</dd>
        <dt className="text-slate-600">{t("caller")}</dt>
        <dd data-user-content>{call.caller ?? "—"}</dd>
        {Object.entries(call.data).map(([name, value]) => (
          <div key={name} className="contents">
            <dt className="text-slate-600" data-user-content>
              {name}
            </dt>
            <dd data-user-content data-field={name}>
              {formatValue(value)}
            </dd>
          </div>
        ))}
      </dl>
      <div className="mt-3 flex flex-wrap gap-2">
        {agent.state === "reserved" && (
          <button type="button" className="rounded bg-green-700 px-3 py-1 text-white" onClick={() => onAccept(call.id)}>
            {t("accept")}
          </button>
        )}
        {agent.state === "on-call" && (
          <>
            <button type="button" className="rounded border border-slate-300 px-3 py-1" onClick={call.held ? onResume : onHold}>
              {call.held ? t("resume") : t("hold")}
            </button>
            <button type="button" className="rounded bg-red-700 px-3 py-1 text-white" onClick={onHangUp}>
              {t("hangUp")}
            </button>
          </>
        )}
      </div>
      {agent.state === "on-call" && <TransferForm onTransfer={onTransfer} />}
    </section>
  );
}

/** Suggestions of the transfer form, as `GET /api/acd/agent/transfer-targets` returns them. */
interface TransferTargets {
  agents: Array<{ id: string; name: string }>;
  queues: string[];
  flows: string[];
}

// Suggested values of each target type, with the label shown beside each.
function suggestionsOf(targets: TransferTargets | null, type: TransferType): Array<{ value: string; label?: string }> {
  if (targets === null || type === "external") return [];
  if (type === "agent") return targets.agents.map((agent) => ({ value: agent.id, label: agent.name }));
  return (type === "queue" ? targets.queues : targets.flows).map((value) => ({ value }));
}

function TransferForm({ onTransfer }: { onTransfer(target: TransferTarget): void }) {
  const t = useTranslations("agent");
  const [type, setType] = useState<TransferType>("agent");
  const [value, setValue] = useState("");
  const [missing, setMissing] = useState(false);
  const [targets, setTargets] = useState<TransferTargets | null>(null);

  // The suggestions are read once per call; typing a target works without them.
  useEffect(() => {
    apiRequest<TransferTargets>("/api/acd/agent/transfer-targets").then(setTargets, () => setTargets(null));
  }, []);

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = value.trim();

    setMissing(trimmed === "");
    if (trimmed !== "") onTransfer(targetOf(type, trimmed));
  }

  return (
    <form aria-label={t("transfer")} className="mt-3 flex flex-wrap items-center gap-2 text-sm" onSubmit={submit}>
      <label className="flex items-center gap-1">
        {t("transferTo")}
        <select value={type} onChange={(event) => setType(event.target.value as TransferType)} className="rounded border border-slate-300 px-1 py-1">
          {TRANSFER_TYPES.map((option) => (
            <option key={option} value={option}>
              {t(`transferTargets.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <input aria-label={t("transferTarget")} list="transfer-suggestions" value={value} onChange={(event) => setValue(event.target.value)} className="rounded border border-slate-300 px-2 py-1" />
      <datalist id="transfer-suggestions">
        {suggestionsOf(targets, type).map((suggestion) => (
          <option key={suggestion.value} value={suggestion.value} label={suggestion.label} />
        ))}
      </datalist>
      <button type="submit" className="rounded border border-slate-300 px-3 py-1">
        {t("transfer")}
      </button>
      {missing && <span role="alert" className="text-amber-900">{t("transferMissing")}</span>}
    </form>
  );
}
