import { type SQL, sql, type AnyColumn } from "drizzle-orm";

/** Values of the small enumerations stored as `text` with a CHECK constraint. */
export const TENANT_STATUSES = ["active", "suspended"] as const;
export const LOCALES = ["en", "zh-Hans", "zh-Hant"] as const;
export const CHANNEL_KINDS = ["pstn", "web", "test"] as const;
export const FLOW_KINDS = ["ivr", "routing", "outbound", "workflow", "survey"] as const;
export const PROMPT_KINDS = ["audio", "tts"] as const;
export const CALL_OUTCOMES = ["completed", "abandoned", "transferred", "queued", "failed", "rejected"] as const;

export type TenantStatus = (typeof TENANT_STATUSES)[number];
export type Locale = (typeof LOCALES)[number];
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export type FlowKind = (typeof FLOW_KINDS)[number];
export type PromptKind = (typeof PROMPT_KINDS)[number];
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

function literalList(values: readonly string[]): SQL {
  // The values are constants of this package, never user input, so inlining them is safe; a
  // CHECK constraint cannot take bind parameters.
  return sql.raw(values.map((value) => `'${value.replaceAll("'", "''")}'`).join(", "));
}

/** Builds `column in ('a', 'b')` for a CHECK constraint. */
export function isOneOf(column: AnyColumn, values: readonly string[]): SQL {
  return sql`${column} in (${literalList(values)})`;
}

/** Builds `column <@ array['a', 'b']` for a CHECK constraint on a `text[]` column. */
export function isSubsetOf(column: AnyColumn, values: readonly string[]): SQL {
  return sql`${column} <@ array[${literalList(values)}]::text[]`;
}
