import type { ActorKind } from "../schema/audit-log.js";

/** The actor of platform work: a platform user by id, or a named system component. */
export type PlatformActor = { kind: "platform-user"; id: string } | { kind: "system"; name: string };

/** Maps an actor to the audit log's actor columns. */
export function auditActor(actor: PlatformActor): { actorKind: ActorKind; actorId: string } {
  return actor.kind === "platform-user" ? { actorKind: "platform-user", actorId: actor.id } : { actorKind: "system", actorId: actor.name };
}
