import { sql } from "drizzle-orm";

import { InvalidInputError } from "../errors.js";
import type { Orm } from "../orm.js";
import { PLATFORM_ROLE_NAME } from "../schema/roles.js";
import type { PlatformActor } from "./actor.js";
import { PlatformScope } from "./platform-scope.js";

function assertValidActor(actor: PlatformActor): void {
  const id = actor.kind === "system" ? actor.name : actor.id;

  if (typeof id !== "string" || id.trim() === "") {
    throw new InvalidInputError("actor", "the platform actor needs a non-empty id or name, for the audit log");
  }
}

/**
 * Runs `fn` in a new transaction that has switched to the platform role, with a PlatformScope
 * whose operations audit themselves as `actor`. The role switch is local to the transaction.
 *
 * NOTE: this checks no permission: the API decides whether `actor` may do the work.
 */
export async function runAsPlatform<T>(orm: Orm, masterKey: Buffer, actor: PlatformActor, fn: (platform: PlatformScope) => Promise<T>): Promise<T> {
  assertValidActor(actor);

  return orm.transaction(async (tx) => {
    await tx.execute(sql`select set_config('role', ${PLATFORM_ROLE_NAME}, true)`);

    return fn(new PlatformScope(actor, tx, masterKey));
  });
}
