import { z } from "zod";

import { AcdError } from "./acd-error.js";
import { STRATEGIES, type AgentConfig, type CallRequest, type GroupConfig, type QueueConfig } from "./acd-types.js";

const idSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$/, "an id of letters, digits, _ . : @ or -, such as sales-1");
const strategiesSchema = z
  .array(z.enum(STRATEGIES))
  .min(1)
  .refine((list) => new Set(list).size === list.length, "lists a strategy twice; name each strategy once");
const targetSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("queue"), queue: idSchema }),
  z.object({ type: z.literal("flow"), flow: z.string().min(1).max(200) }),
  z.object({ type: z.literal("voicemail"), mailbox: z.string().min(1).max(200).optional() }),
]);

/** Validates a {@link QueueConfig}. */
export const queueConfigSchema = z
  .object({
    id: idSchema,
    skill: idSchema,
    servicePriority: z.number().int().min(0).max(100).optional(),
    strategies: strategiesSchema.optional(),
    ringTimeoutMs: z.number().int().min(1000).max(300_000).optional(),
    wrapUpMs: z.number().int().min(0).max(3_600_000).optional(),
    lastAgentWindowMs: z.number().int().min(0).optional(),
    vipNumbers: z.record(z.string(), z.number().int().min(0).max(1000)).optional(),
    dedicatedAgents: z.record(z.string(), idSchema).optional(),
    groupShares: z
      .array(z.object({ group: idSchema, percent: z.number().min(0).max(100) }))
      .min(1)
      .refine((shares) => Math.abs(shares.reduce((sum, share) => sum + share.percent, 0) - 100) < 1e-9, "the percentages must add up to 100")
      .optional(),
    overflow: z
      .object({
        maxWait: z.object({ ms: z.number().int().min(1000), target: targetSchema }).optional(),
        maxQueueLength: z.object({ calls: z.number().int().min(0), target: targetSchema }).optional(),
        noAgentLoggedIn: z.object({ target: targetSchema }).optional(),
        noAgentReady: z.object({ target: targetSchema }).optional(),
      })
      .optional(),
  })
  .strict();

/** Validates a {@link GroupConfig}. */
export const groupConfigSchema = z.object({ id: idSchema, maxOnBreak: z.number().int().min(0).optional() }).strict();

/** Validates an {@link AgentConfig}; skill levels run from 1 to 10. */
export const agentConfigSchema = z
  .object({
    id: idSchema,
    skills: z.record(idSchema, z.number().int().min(1).max(10)),
    groups: z.array(idSchema).optional(),
    site: z.string().min(1).max(100).optional(),
    endpoint: z
      .string()
      .max(200)
      .regex(/^[A-Za-z][A-Za-z0-9_-]*\/[^\s]+$/, "a dial string of technology/resource, such as PJSIP/1001")
      .optional(),
  })
  .strict();

/** Validates a {@link CallRequest}. */
export const callRequestSchema = z
  .object({
    id: idSchema,
    queue: idSchema,
    caller: z.string().min(1).max(64).optional(),
    priority: z.number().int().min(0).max(1000).optional(),
    skill: idSchema.optional(),
    region: z.string().min(1).max(100).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    strategies: strategiesSchema.optional(),
  })
  .strict();

/** Parses `value` with `schema`, or throws an `invalid-config` AcdError naming the field and the rule. */
export function parseAcdInput<T>(schema: z.ZodType<T>, value: unknown, subject: string): T {
  const result = schema.safeParse(value);

  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.join(".") || "(root)";

  throw new AcdError("invalid-config", `invalid ${subject}: ${path} ${issue.message}`, { subject, path, detail: issue.message });
}

export type { AgentConfig, CallRequest, GroupConfig, QueueConfig };
