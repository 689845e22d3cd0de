import type { PlatformActor } from "@callflow/db";

/** The platform actor of the runtime's own reads across tenants, such as number lookups. */
export const RUNTIME_ACTOR: PlatformActor = { kind: "system", name: "callflow-runtime" };
