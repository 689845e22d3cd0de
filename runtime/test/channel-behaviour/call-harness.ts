import type { FlowDocumentInput, SessionResultReason, TraceEvent } from "./types.js";

/** One caller action, in ms from the moment the call enters the application. */
export type ScriptStep = { atMs: number; keys: string } | { atMs: number; hangup: true };

/** What a dialed endpoint does. */
export type EndpointBehaviour = { kind: "answer"; ringMs: number; talkMs: number } | { kind: "busy" } | { kind: "noAnswer" };

/** What a call did, in terms both channel adapters must agree on. */
export interface CallObservation {
  reason: SessionResultReason;
  /** Node ids entered, in order. */
  path: string[];
  variables: Record<string, unknown>;
  prompts: Array<{ text: string | undefined; outcome: string }>;
  recordings: Array<{ durationSeconds: number; outcome: string }>;
  transfers: Array<{ endpoint: string; outcome: string }>;
  trace: TraceEvent[];
}

/**
 * Runs a flow on one call through one channel adapter. Keys of one step are pressed 200 ms apart
 * (100 ms tone, 100 ms gap) and each reaches the application at the end of its tone, as
 * Asterisk's DTMF does.
 */
export interface CallHarness {
  readonly name: string;
  call(flow: FlowDocumentInput, script: ScriptStep[], endpoints?: Record<string, EndpointBehaviour>): Promise<CallObservation>;
  /** Operations still waiting in the adapter after the calls ended (timers, listeners, legs). */
  leftovers(): number;
  close(): Promise<void>;
}

/** Builds the observation from a session's trace. */
export function observe(reason: SessionResultReason, variables: Record<string, unknown>, trace: TraceEvent[]): CallObservation {
  const observation: CallObservation = { reason, path: [], variables, prompts: [], recordings: [], transfers: [], trace };

  for (const event of trace) {
    if (event.type === "node.entered") observation.path.push(event.nodeId);
    if (event.type === "prompt.played") observation.prompts.push({ text: event.text, outcome: event.outcome });
    if (event.type === "recording.finished") observation.recordings.push({ durationSeconds: event.durationSeconds, outcome: event.outcome });
    if (event.type === "transfer.finished") observation.transfers.push({ endpoint: event.endpoint, outcome: event.outcome });
  }
  return observation;
}
