import type { ActorKind } from "../schema/audit-log.js";

/**
 * The actor of platform work: a platform user by id, a named system component, or a tenant's
 * user by id, for the few tenant settings that only the platform path may write.
 */
export type PlatformActor = { kind: "platform-user"; id: string } | { kind: "user"; id: string } | { kind: "system"; name: string };

/** Maps an actor to the audit log's actor columns. */
export function auditActor(actor: PlatformActor): { actorKind: ActorKind; actorId: string } {
  return actor.kind === "system" ? { actorKind: "system", actorId: actor.name } : { actorKind: actor.kind, actorId: actor.id };
}
