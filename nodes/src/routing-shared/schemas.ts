import { z } from "zod";

import { ACD_STRATEGIES } from "./acd-service.js";

/** Id of a queue, skill or agent. */
export const acdIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, "an id of letters, digits, _ . : @ or -, such as billing");

/** A strategy chain; the refinement rejects a strategy listed twice. */
export const strategyChainSchema = z
  .array(z.enum(ACD_STRATEGIES))
  .min(1, "list at least one strategy")
  .refine((list) => new Set(list).size === list.length, "lists a strategy twice; name each strategy once");

/** Destination of an overflowing call. */
export const overflowTargetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("queue"), queue: acdIdSchema }),
  z.object({ type: z.literal("flow"), flow: z.string().min(1).max(200) }),
  z.object({ type: z.literal("voicemail"), mailbox: z.string().min(1).max(200).optional() }),
]);

/** The `next` port's label, shared by the routing nodes. */
export const NEXT_PORT_TITLE = { en: "Next", "zh-Hans": "下一步", "zh-Hant": "下一步" };

/** Reads the ACD service from the context, or throws a message that names the node type. */
export function requireService<T>(service: T | undefined, nodeType: string): T {
  if (service === undefined) throw new Error(`${nodeType} needs the ACD service, which this runtime does not offer the tenant; run the flow where the ACD is enabled`);
  return service;
}
