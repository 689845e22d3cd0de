import WebSocket from "ws";

/** A message of the test call socket; tests read the fields they assert on. */
export type SocketMessage = Record<string, any>;

/** A WebSocket client that keeps every message and waits for the ones a test expects. */
export interface SocketClient {
  messages: SocketMessage[];
  send(message: unknown): void;
  /** Resolves with the first message, from the start, that matches; rejects after `timeoutMs`. */
  next(predicate: (message: SocketMessage) => boolean, timeoutMs?: number): Promise<SocketMessage>;
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
  close(): void;
}

const openSockets = new Set<WebSocket>();

/** Closes every socket that a test left open, so that its call hangs up and the server can stop. */
export function closeOpenSockets(): void {
  openSockets.forEach((ws) => ws.close());
  openSockets.clear();
}

/** Connects to the test call socket of `baseUrl`, with the Authorization header when `token` is given. */
export async function connectSocket(baseUrl: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<SocketClient> {
  const headers: Record<string, string> = { ...options.headers };

  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const ws = new WebSocket(`${baseUrl.replace(/^http/, "ws")}/api/test-calls/socket`, { headers });
  const messages: SocketMessage[] = [];
  const waiters = new Set<() => void>();
  const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));

  openSockets.add(ws);
  void closed.then(() => openSockets.delete(ws));

  ws.on("message", (data) => {
    messages.push(JSON.parse(data.toString()));
    waiters.forEach((wake) => wake());
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });

  return {
    messages,
    send: (message) => ws.send(typeof message === "string" ? message : JSON.stringify(message)),
    next: (predicate, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = messages.find(predicate);

          if (found) {
            clearTimeout(timer);
            waiters.delete(wake);
            resolve(found);
          }
          return found !== undefined;
        };
        const wake = (): void => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching message within ${timeoutMs} ms; received: ${JSON.stringify(messages)}`));
        }, timeoutMs);

        if (!check()) waiters.add(wake);
      }),
    closed,
    close: () => ws.close(),
  };
}
