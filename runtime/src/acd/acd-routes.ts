import { z } from "zod";

import { ApiError } from "../api/api-error.js";
import { tenantRoute, type ApiRoute } from "../api/route.js";
import type { AcdEngine } from "./acd-engine.js";
import { agentViewSchema, onEngine, type AcdEngineLookup } from "./acd-route-support.js";
import { viewAgent, viewCentre } from "./acd-snapshot.js";
import { transferRoute, transferTargetsRoute } from "./acd-transfer-routes.js";

export type { AcdEngineLookup } from "./acd-route-support.js";

const reasonSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, "a reason code of lower-case letters, digits and -, such as break or lunch");
const agentParams = z.object({ agentId: z.string().min(1).max(128) });
const queueParams = z.object({ queueId: z.string().min(1).max(128) });
const okSchema = z.object({ ok: z.literal(true) });

// The agent console's routes: the signed-in user is the agent, by user id.
function agentRoutes(engines: AcdEngineLookup): ApiRoute[] {
  const action = <B extends z.ZodType | undefined>(
    path: string,
    operationId: string,
    summary: string,
    body: B,
    act: (engine: AcdEngine, agentId: string, body: B extends z.ZodType ? z.output<B> : undefined) => unknown,
  ) =>
    tenantRoute(
      "calls.handle",
      { method: "POST", path, operationId, summary, tag: "acd", body, errors: [404, 409, 503], responses: { 200: { description: "The agent after the change.", schema: agentViewSchema } } },
      async ({ auth, body: input }) => {
        const agentId = auth.session.user.id;
        const result = await onEngine(engines, auth, (engine) => {
          const outcome = act(engine, agentId, input);

          return { ...viewAgent(engine, agentId), ...(typeof outcome === "object" && outcome !== null ? outcome : {}) };
        });

        return { body: result };
      },
    );

  return [
    tenantRoute(
      "calls.handle",
      {
        method: "GET",
        path: "/api/acd/agent",
        operationId: "getOwnAgent",
        summary: "Returns the signed-in agent's state, time in state and offered or connected call with its data",
        tag: "acd",
        errors: [404, 503],
        responses: { 200: { description: "The agent.", schema: agentViewSchema } },
      },
      async ({ auth }) => {
        const view = await onEngine(engines, auth, (engine) => viewAgent(engine, auth.session.user.id));

        if (!view) throw new ApiError(404, "not-found", { entity: "agent" });
        return { body: view };
      },
    ),
    action("/api/acd/agent/login", "loginAgent", "Logs the agent in, not ready unless ready is true", z.object({ ready: z.boolean().default(false) }).optional(), (engine, id, body) =>
      engine.login(id, { ready: body?.ready ?? false }),
    ),
    action("/api/acd/agent/ready", "setAgentReady", "Makes the agent ready, also to end wrap-up early", undefined, (engine, id) => engine.setReady(id)),
    action("/api/acd/agent/not-ready", "setAgentNotReady", "Makes the agent not ready with a reason; a break over the group's limit is rejected (granted false)", z.object({ reason: reasonSchema }), (engine, id, body) => ({
      granted: engine.setNotReady(id, body.reason),
    })),
    action("/api/acd/agent/logout", "logoutAgent", "Logs the agent out; a call offered to it goes to another agent", undefined, (engine, id) => engine.logout(id)),
    action("/api/acd/agent/accept", "acceptOffer", "Accepts the call offered to the agent", z.object({ callId: z.string().min(1).max(128) }), (engine, id, body) =>
      engine.accept(id, body.callId),
    ),
    // NOTE: without a phone endpoint the agent's voice path belongs to the flow, so this then
    // ends the call in the ACD only.
    action("/api/acd/agent/end-call", "endAgentCall", "Ends the agent's call and hangs up the agent's phone; wrap-up follows", undefined, (engine, id) => engine.endCall(id)),
    action("/api/acd/agent/hold", "holdAgentCall", "Puts the agent's call on hold: the caller leaves the bridge and hears music on hold", undefined, (engine, id) => engine.holdCall(id)),
    action("/api/acd/agent/resume", "resumeAgentCall", "Takes the agent's call off hold, back into the bridge", undefined, (engine, id) => engine.resumeCall(id)),
    transferRoute(engines),
    transferTargetsRoute(engines),
  ];
}

// The supervisor's routes: the centre's state, forced state changes, skills and settings.
function supervisorRoutes(engines: AcdEngineLookup): ApiRoute[] {
  return [
    tenantRoute(
      "queues.monitor",
      {
        method: "GET",
        path: "/api/acd/centre",
        operationId: "getAcdCentre",
        summary: "Returns every queue (waiting calls, longest and estimated wait, agents ready, service level, abandon rate) and every agent with state and time in state",
        tag: "acd",
        query: z.object({
          /** Answered within this many seconds counts for the service level. Default 20. */
          serviceLevelSeconds: z.coerce.number().int().min(1).max(600).default(20),
          /** Calls of the last this many minutes count for service level and abandon rate. Default 5. */
          windowMinutes: z.coerce.number().int().min(1).max(60).default(5),
        }),
        errors: [503],
        responses: { 200: { description: "Queues and agents.", schema: z.object({ queues: z.array(z.unknown()), agents: z.array(z.unknown()) }) } },
      },
      async ({ auth, query }) => ({
        body: await onEngine(engines, auth, (engine) => viewCentre(engine, { answeredWithinMs: query.serviceLevelSeconds * 1000, windowMs: query.windowMinutes * 60_000 })),
      }),
    ),
    tenantRoute(
      "queues.monitor",
      {
        method: "POST",
        path: "/api/acd/agents/:agentId/state",
        operationId: "forceAgentState",
        summary: "Forces an agent ready, not ready with a reason, or logged out, recorded with the supervisor's id",
        tag: "acd",
        entity: "agent",
        params: agentParams,
        body: z.discriminatedUnion("state", [
          z.object({ state: z.literal("ready") }),
          z.object({ state: z.literal("not-ready"), reason: reasonSchema }),
          z.object({ state: z.literal("logged-out") }),
        ]),
        errors: [409, 503],
        responses: { 200: { description: "The agent after the change.", schema: agentViewSchema } },
      },
      async ({ auth, params, body }) => {
        const supervisor = auth.session.user.id;
        const view = await onEngine(engines, auth, (engine) => {
          if (body.state === "ready") engine.setReady(params.agentId, supervisor);
          else if (body.state === "not-ready") engine.setNotReady(params.agentId, body.reason, supervisor);
          else engine.logout(params.agentId, supervisor);
          return viewAgent(engine, params.agentId);
        });

        return { body: view };
      },
    ),
    tenantRoute(
      "queues.monitor",
      {
        method: "POST",
        path: "/api/acd/agents/:agentId/skills",
        operationId: "setAgentSkill",
        summary: "Changes one skill of an agent at once; temporary changes lapse at the agent's next login; level null removes the skill",
        tag: "acd",
        entity: "agent",
        params: agentParams,
        body: z.object({ skill: z.string().min(1).max(128), level: z.number().int().min(1).max(10).nullable(), temporary: z.boolean().default(true) }),
        errors: [503],
        responses: { 200: { description: "The agent after the change.", schema: agentViewSchema } },
      },
      async ({ auth, params, body }) => ({
        body: await onEngine(engines, auth, (engine) => {
          engine.setSkill(params.agentId, body.skill, body.level, { temporary: body.temporary, changedBy: auth.session.user.id });
          return viewAgent(engine, params.agentId);
        }),
      }),
    ),
    tenantRoute(
      "queues.monitor",
      {
        method: "PUT",
        path: "/api/acd/agents/:agentId",
        operationId: "configureAgent",
        summary: "Adds an agent (logged out) or changes its skills, groups, site and phone endpoint; the agent id is the user's id",
        tag: "acd",
        params: agentParams,
        body: z.object({ skills: z.record(z.string(), z.number()), groups: z.array(z.string()).optional(), site: z.string().optional(), endpoint: z.string().optional() }),
        errors: [503],
        responses: { 200: { description: "The agent.", schema: agentViewSchema } },
      },
      async ({ auth, params, body }) => ({
        body: await onEngine(engines, auth, (engine) => {
          engine.configureAgent({ id: params.agentId, ...body });
          return viewAgent(engine, params.agentId);
        }),
      }),
    ),
    tenantRoute(
      "queues.monitor",
      {
        method: "PUT",
        path: "/api/acd/queues/:queueId",
        operationId: "configureQueue",
        summary: "Adds or changes a queue: skill, service priority, strategies, ring and wrap-up times, tables and overflow rules",
        tag: "acd",
        params: queueParams,
        body: z.record(z.string(), z.unknown()),
        errors: [503],
        responses: { 200: { description: "The queue was saved.", schema: okSchema } },
      },
      async ({ auth, params, body }) => {
        await onEngine(engines, auth, (engine) => engine.configureQueue({ ...body, id: params.queueId }));
        return { body: { ok: true } };
      },
    ),
  ];
}

/**
 * Builds the ACD's API routes for the agent console (`/api/acd/agent/...`, permission
 * calls.handle) and the supervisor (`/api/acd/centre`, `/api/acd/agents/...`, `/api/acd/queues/...`,
 * permission queues.monitor). Pass them to createApiServer as `extraRoutes`.
 */
export function acdRoutes(engines: AcdEngineLookup): ApiRoute[] {
  return [...agentRoutes(engines), ...supervisorRoutes(engines)];
}
