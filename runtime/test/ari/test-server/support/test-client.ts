// The view of an ari-client 2.2.0 connection that the tests use. The adapter's declaration of
// "ari-client" types results as unknown; tests read fields of them, so they cast to this instead.

/** A REST operation generated from the API docs; resolves with the parsed body or a resource object. */
type Operation = (options?: Record<string, unknown>) => Promise<any>;

/** An event as ari-client emits it: the parsed JSON. */
export interface AriEvent {
  type: string;
  timestamp: string;
  application: string;
  asterisk_id?: string;
  [field: string]: unknown;
}

export interface Client {
  asterisk: Record<string, Operation>;
  applications: Record<string, Operation>;
  bridges: Record<string, Operation>;
  channels: Record<string, Operation>;
  endpoints: Record<string, Operation>;
  playbacks: Record<string, Operation>;
  recordings: Record<string, Operation>;
  sounds: Record<string, Operation>;
  start(apps: string | string[], subscribeAll?: boolean): Promise<void>;
  stop(): void;
  on(event: string, listener: (event: AriEvent, resource?: unknown) => void): void;
  once(event: string, listener: (event: AriEvent, resource?: unknown) => void): void;
  removeAllListeners(event?: string): void;
}
