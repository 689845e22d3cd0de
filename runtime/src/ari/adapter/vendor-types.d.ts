// Minimal declarations of the parts of untyped CommonJS packages that the ARI adapter uses.

declare module "swagger-client" {
  const swagger: {
    authorizations: { add(name: string, authorization: { apply(request: { url: string; headers: Record<string, string> }): boolean }): void };
  };
  export default swagger;
}

declare module "ari-client" {
  import type { EventEmitter } from "node:events";

  /** One ARI resource: operations by name, each taking a parameter object. */
  export type AriResource = Record<string, (params?: Record<string, unknown>) => Promise<unknown>>;

  /** The connected client: REST resources, and events emitted by type and as `*`. */
  export interface AriClient extends EventEmitter {
    start(apps: string | string[]): Promise<void>;
    stop(): void;
    ping(): void;
    channels: AriResource;
    bridges: AriResource;
    playbacks: AriResource;
    recordings: AriResource;
    applications: AriResource;
    asterisk: AriResource;
    /** The current events WebSocket; replaced on every reconnect. */
    _ws?: EventEmitter & { terminate(): void; readyState: number };
    /** Models that the server's API declarations describe, events among them. */
    _swagger: { apis: { events: { models: Record<string, unknown> } } };
  }

  export function connect(url: string, user: string, pass: string): Promise<AriClient>;
  const ari: { connect: typeof connect };
  export default ari;
}
