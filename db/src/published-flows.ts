import { and, desc, eq, inArray, lte, sql } from "drizzle-orm";

import type { PlatformScope } from "./platform/platform-scope.js";
import { flows, flowVersions } from "./schema/flows.js";
import { calendars, prompts } from "./schema/media.js";
import type { FlowKind, PromptKind } from "./schema/values.js";
import type { TenantScope } from "./tenant-scope.js";
import { assertUuid } from "./uuid.js";

/** One published version of a flow, as a runtime loads it. */
export interface PublishedFlowVersion {
  flowId: string;
  name: string;
  kind: FlowKind;
  version: number;
  document: unknown;
  publishedAt: Date;
}

const versionColumns = {
  flowId: flowVersions.flowId,
  name: flows.name,
  kind: flows.kind,
  version: flowVersions.version,
  document: flowVersions.document,
  publishedAt: flowVersions.publishedAt,
};

/** Returns the newest published version of a flow, or null when it has none. */
export async function findLatestFlowVersion({ tx }: TenantScope, flowId: string): Promise<PublishedFlowVersion | null> {
  assertUuid(flowId, "flowId");

  const [latest] = await tx
    .select(versionColumns)
    .from(flowVersions)
    .innerJoin(flows, and(eq(flows.tenantId, flowVersions.tenantId), eq(flows.id, flowVersions.flowId)))
    .where(eq(flowVersions.flowId, flowId))
    .orderBy(desc(flowVersions.version))
    .limit(1);

  return latest ?? null;
}

/**
 * Returns the newest published version of the flow called `name`, or null when it has none.
 * With `asOf`, versions published after that version of another flow are ignored: a subflow
 * then resolves to the version that was current when the flow calling it was published. The
 * times are compared in SQL, because a JavaScript Date would drop their microseconds.
 */
export async function findFlowVersionByName(
  { tx }: TenantScope,
  name: string,
  asOf?: { flowId: string; version: number },
): Promise<PublishedFlowVersion | null> {
  const asOfTime = asOf
    ? tx
        .select({ publishedAt: flowVersions.publishedAt })
        .from(flowVersions)
        .where(and(eq(flowVersions.flowId, asOf.flowId), eq(flowVersions.version, asOf.version)))
    : undefined;
  const [latest] = await tx
    .select(versionColumns)
    .from(flowVersions)
    .innerJoin(flows, and(eq(flows.tenantId, flowVersions.tenantId), eq(flows.id, flowVersions.flowId)))
    .where(and(eq(flows.name, name), asOfTime ? lte(flowVersions.publishedAt, sql`(${asOfTime})`) : undefined))
    .orderBy(desc(flowVersions.version))
    .limit(1);

  return latest ?? null;
}

/** Returns the tenant that owns a flow, or null when no flow has that id. It reads on the platform path. */
export async function findFlowTenant({ tx }: PlatformScope, flowId: string): Promise<string | null> {
  assertUuid(flowId, "flowId");

  const [flow] = await tx.select({ tenantId: flows.tenantId }).from(flows).where(eq(flows.id, flowId));
  return flow?.tenantId ?? null;
}

/** Returns the id of the tenant's flow called `name`, or null. */
export async function findFlowIdByName({ tx }: TenantScope, name: string): Promise<string | null> {
  const [flow] = await tx.select({ id: flows.id }).from(flows).where(eq(flows.name, name));

  return flow?.id ?? null;
}

/** One spoken language of a stored prompt. */
export interface PromptLanguageRow {
  name: string;
  language: string;
  kind: PromptKind;
  audioUri: string | null;
  ttsText: string | null;
}

/** Returns every language of the prompts called one of `names`. */
export async function listPromptLanguages({ tx }: TenantScope, names: readonly string[]): Promise<PromptLanguageRow[]> {
  if (names.length === 0) return [];

  return tx
    .select({ name: prompts.name, language: prompts.language, kind: prompts.kind, audioUri: prompts.audioUri, ttsText: prompts.ttsText })
    .from(prompts)
    .where(inArray(prompts.name, [...names]));
}

/** A stored calendar: its IANA time zone and its definition in the flow library's format. */
export interface CalendarRow {
  name: string;
  timeZone: string;
  definition: unknown;
}

/** Returns the calendars called one of `names`. */
export async function listCalendarRows({ tx }: TenantScope, names: readonly string[]): Promise<CalendarRow[]> {
  if (names.length === 0) return [];

  return tx
    .select({ name: calendars.name, timeZone: calendars.timeZone, definition: calendars.definition })
    .from(calendars)
    .where(inArray(calendars.name, [...names]));
}
