import { findFlowVersionByName, listFlows, listUsers } from "@callflow/db";
import { z } from "zod";

import { ApiError } from "../api/api-error.js";
import { tenantRoute, type ApiRoute } from "../api/route.js";
import { agentViewSchema, onEngine, type AcdEngineLookup } from "./acd-route-support.js";
import { viewAgent } from "./acd-snapshot.js";

const transferTargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("agent"), agentId: z.string().min(1).max(128) }),
  z.object({ type: z.literal("queue"), queue: z.string().min(1).max(128) }),
  z.object({ type: z.literal("flow"), flow: z.string().min(1).max(200) }),
  z.object({ type: z.literal("external"), number: z.string().regex(/^\+?[0-9]{3,20}$/, "a phone number of 3 to 20 digits, optionally starting with +") }),
]);

// The agent's transfer of its connected call. Every target is looked up in the signed-in user's
// tenant only, so an id of another tenant's agent, queue or flow is not found.
export function transferRoute(engines: AcdEngineLookup): ApiRoute {
  return tenantRoute(
    "calls.handle",
    {
      method: "POST",
      path: "/api/acd/agent/transfer",
      operationId: "transferAgentCall",
      summary: "Transfers the agent's call to a ready agent, a queue, a published IVR flow (with the data packet) or an external number; wrap-up follows",
      tag: "acd",
      body: z.object({ target: transferTargetSchema }),
      errors: [400, 404, 409, 503],
      responses: { 200: { description: "The agent after the change.", schema: agentViewSchema } },
    },
    async ({ auth, body }) => {
      const { target } = body;

      if (target.type === "flow") {
        const flow = await findFlowVersionByName(auth.scope, target.flow);

        if (flow === null) throw new ApiError(404, "transfer-target-not-found", { entity: "flow", id: target.flow });
        if (flow.kind !== "ivr") throw new ApiError(400, "invalid-request", { detail: `flow ${target.flow} is a ${flow.kind} flow; transfer to an IVR flow` });
      }
      const view = await onEngine(engines, auth, (engine) => {
        if (target.type === "agent" && !engine.state.agents.has(target.agentId)) throw new ApiError(404, "transfer-target-not-found", { entity: "agent", id: target.agentId });
        if (target.type === "queue" && !engine.state.queues.has(target.queue)) throw new ApiError(404, "transfer-target-not-found", { entity: "queue", id: target.queue });
        engine.transfer(auth.session.user.id, target);
        return viewAgent(engine, auth.session.user.id);
      });

      return { body: view };
    },
  );
}

// Lists what the signed-in agent can transfer its call to, all from its own tenant: ready agents with
// their names, queues, and IVR flows with a published version.
export function transferTargetsRoute(engines: AcdEngineLookup): ApiRoute {
  return tenantRoute(
    "calls.handle",
    {
      method: "GET",
      path: "/api/acd/agent/transfer-targets",
      operationId: "listTransferTargets",
      summary: "Lists the ready agents, the queues and the published IVR flows that the agent can transfer a call to",
      tag: "acd",
      errors: [503],
      responses: {
        200: {
          description: "The transfer targets.",
          schema: z.object({ agents: z.array(z.object({ id: z.string(), name: z.string() })), queues: z.array(z.string()), flows: z.array(z.string()) }),
        },
      },
    },
    async ({ auth }) => {
      const self = auth.session.user.id;
      const { ready, queues } = await onEngine(engines, auth, (engine) => ({
        ready: [...engine.state.agents.values()].filter((agent) => agent.state === "ready" && agent.id !== self).map((agent) => agent.id),
        queues: [...engine.state.queues.keys()],
      }));
      const names = new Map((await listUsers(auth.scope)).map((user) => [user.id, user.displayName]));
      const flows = await listFlows(auth.scope, { kind: "ivr" });

      return {
        body: {
          agents: ready.map((id) => ({ id, name: names.get(id) ?? id })),
          queues,
          flows: flows.filter((flow) => flow.publishedVersion !== null).map((flow) => flow.name),
        },
      };
    },
  );
}
