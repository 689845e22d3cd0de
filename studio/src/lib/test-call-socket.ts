import { chosenTenantId, sessionStore } from "./session-store";

/** A message the API's test-call WebSocket sends. */
export type TestCallServerMessage =
  | { type: "started"; callId: string; flowId: string; version: number | null }
  | { type: "trace"; event: TraceEventView }
  | { type: "prompt"; nodeId: string; text: string; language: string; audioUrl: string | null }
  | { type: "ended"; callId: string; reason: string; durationMs: number }
  | { type: "error"; code: string; message: string };

/** A trace event as the test-call socket sends it; the fields the simulator reads. */
export interface TraceEventView {
  type: string;
  at?: string;
  nodeId?: string;
  nodeType?: string;
  port?: string;
  name?: string;
  value?: unknown;
  sensitive?: boolean;
  digit?: string;
  [field: string]: unknown;
}

/** The start message of a test call: flow, source, caller, called number, time and input to replay. */
export interface TestCallStart {
  flowId: string;
  source: { kind: "draft" } | { kind: "version"; version: number };
  caller: string;
  called: string;
  at?: string;
  language?: string;
  replayCallId?: string;
}

/**
 * A test call over `GET /api/test-calls/socket`. Browsers cannot set an Authorization header on
 * a WebSocket, so the session token goes in the first message. Closing the socket hangs up.
 */
export class TestCallSocket {
  private readonly socket: WebSocket;
  private readonly queue: string[] = [];

  constructor(onMessage: (message: TestCallServerMessage) => void, onClose: (code: number) => void) {
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";

    this.socket = new WebSocket(`${protocol}//${window.location.host}/api/test-calls/socket`);
    this.socket.addEventListener("open", () => {
      this.socket.send(JSON.stringify({ type: "auth", token: sessionStore.get()?.token ?? "" }));
      for (const text of this.queue.splice(0)) this.socket.send(text);
    });
    this.socket.addEventListener("message", (event) => onMessage(JSON.parse(String(event.data)) as TestCallServerMessage));
    this.socket.addEventListener("close", (event) => onClose(event.code));
  }

  private send(message: Record<string, unknown>): void {
    const text = JSON.stringify(message);

    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.queue.push(text);
  }

  /** Starts the call; for a platform user, in the tenant they chose. */
  start(start: TestCallStart): void {
    const tenant = chosenTenantId(sessionStore.get());

    this.send({ type: "start", ...start, ...(tenant ? { tenant } : {}) });
  }

  dtmf(digits: string): void {
    this.send({ type: "dtmf", digits });
  }

  hangup(): void {
    this.send({ type: "hangup" });
  }

  close(): void {
    this.socket.close();
  }
}
