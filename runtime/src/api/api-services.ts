import type { CallflowDatabase, ScryptParameters } from "@callflow/db";
import type { Logger, NodeRegistry, NodeSpec } from "@callflow/sdk";

/** The state of one telephony connection, as the health route lists it. */
export interface TelephonyConnectionState {
  /** Name of the connection, such as the Asterisk server it talks to. */
  name: string;
  /** State as the adapter reports it, such as `connected` or `reconnecting`. */
  state: string;
}

/** Services of the routes: the database, the node types and the server's settings. */
export interface ApiServices {
  db: CallflowDatabase;
  /** Node types for the catalogue and the compiler: specs alone, or full definitions. */
  registry: NodeRegistry<{ spec: NodeSpec<any, any> }>;
  logger: Logger;
  /** Returns the current states of the telephony connections. */
  telephony: () => readonly TelephonyConnectionState[];
  maxBodyBytes: number;
  sessionTtlMs: number;
  healthTimeoutMs: number;
  /** The clock of session expiry. */
  now: () => Date;
  /** Cost of the password hashes that user routes write; undefined means the default. */
  scryptParameters: ScryptParameters | undefined;
}
