/** Agent states of the ACD, as the API names them. */
export type AgentState = "logged-out" | "ready" | "not-ready" | "reserved" | "on-call" | "wrap-up";

/** An agent as `GET /api/acd/agent` and the supervisor's centre return it. */
export interface AgentView {
  id: string;
  state: AgentState;
  reason: string | null;
  forcedBy: string | null;
  timeInStateMs: number;
  skills: Record<string, number>;
  groups: string[];
  today: { date: string; callsAnswered: number; callsMade: number; talkMs: number; readyMs: number; notReadyMs: number; wrapUpMs: number };
  call: { id: string; queue: string; caller: string | null; data: Record<string, unknown>; state: string; held: boolean } | null;
}

/** A queue as `GET /api/acd/centre` returns it. */
export interface QueueView {
  id: string;
  waiting: number;
  longestWaitMs: number;
  estimatedWaitMs: number;
  agentsReady: number;
  agentsLoggedIn: number;
  /** 0 to 1, or null when no call left the queue in the window. */
  serviceLevel: number | null;
  abandonRate: number | null;
}

/** Formats milliseconds as h:mm:ss, or m:ss under an hour. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, "0");

  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** Destination of a transfer, as `POST /api/acd/agent/transfer` takes it. */
export type TransferTarget = { type: "agent"; agentId: string } | { type: "queue"; queue: string } | { type: "flow"; flow: string } | { type: "external"; number: string };
