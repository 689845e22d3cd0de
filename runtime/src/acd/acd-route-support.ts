import { z } from "zod";

import { ApiError } from "../api/api-error.js";
import type { Auth } from "../api/route.js";
import { toAcdApiError } from "./acd-api-errors.js";
import type { AcdEngine } from "./acd-engine.js";

/** Returns the ACD engine of a tenant that this process owns, starting it if needed, or undefined. */
export type AcdEngineLookup = (tenantId: string) => AcdEngine | undefined | Promise<AcdEngine | undefined>;

export type TenantAuth = Extract<Auth, { kind: "tenant" }>;

/** The agent as the agent routes return it. */
export const agentViewSchema = z.object({ id: z.string(), state: z.string(), reason: z.string().nullable(), timeInStateMs: z.number() }).passthrough();

/** Runs `work` on the tenant's engine, mapping the engine's errors to API errors. */
export async function onEngine<T>(engines: AcdEngineLookup, auth: TenantAuth, work: (engine: AcdEngine) => T): Promise<T> {
  const engine = await engines(auth.session.tenant.id);

  if (!engine) throw new ApiError(503, "acd-unavailable");
  try {
    return work(engine);
  } catch (error) {
    throw toAcdApiError(error);
  }
}
