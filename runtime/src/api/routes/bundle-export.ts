import { calendars, findFlowVersionByName, getFlowVersion, getFlowWithDraft, phoneNumbers, promptAudio, prompts, type TenantScope } from "@callflow/db";
import { compileFlow, type NodeRegistry, type NodeSpec, type ReferenceResolver } from "@callflow/sdk";
import { eq, inArray } from "drizzle-orm";

import type { Bundle, BundleFlow, BundlePrompt } from "./bundle-schema.js";

// Each round fetches the subflows the previous compile asked for; nested subflows need one
// more round per level, which sessions bound at 8 levels.
const MAX_ROUNDS = 12;

interface References {
  subflows: Map<string, BundleFlow | undefined>;
  prompts: Set<string>;
  calendars: Set<string>;
}

/**
 * Builds the bundle of a flow's draft, or of published `version`: the flow and, by name, the
 * subflows, prompts and calendars it refers to, directly or through subflows, and the numbers
 * routed to it. Subflows are their latest published versions, or for a version the ones that
 * were current when it was published. Values of sensitive variables are left out.
 *
 * @throws NotFoundError when the flow or the version does not exist in the scope's tenant
 */
export async function exportBundle(scope: TenantScope, flowId: string, version: number | undefined, registry: NodeRegistry<{ spec: NodeSpec<any, any> }>): Promise<Bundle> {
  const flow = await getFlowWithDraft(scope, flowId);
  const document = version === undefined ? flow.document : (await getFlowVersion(scope, flowId, version)).document;
  const references = await collectReferences(scope, { name: flow.name, document }, registry, version === undefined ? undefined : { flowId, version });
  const numbers = await scope.tx.select({ number: phoneNumbers.number, callerId: phoneNumbers.callerId }).from(phoneNumbers).where(eq(phoneNumbers.flowId, flowId));

  return {
    bundleVersion: 1,
    flow: { name: flow.name, kind: flow.kind, document: withoutSensitiveValues(document) },
    subflows: [...references.subflows.values()].filter((subflow): subflow is BundleFlow => subflow !== undefined),
    prompts: await readPrompts(scope, [...references.prompts]),
    calendars: await readCalendars(scope, [...references.calendars]),
    numbers: numbers.sort((a, b) => a.number.localeCompare(b.number)),
  };
}

// Compiles the document with a resolver that records every name it is asked for. The compiler
// compiles each subflow it resolves, so the names that subflows use are recorded too.
async function collectReferences(
  scope: TenantScope,
  flow: { name: string; document: unknown },
  registry: NodeRegistry<{ spec: NodeSpec<any, any> }>,
  asOf: { flowId: string; version: number } | undefined,
): Promise<References> {
  const references: References = { subflows: new Map(), prompts: new Set(), calendars: new Set() };

  for (let round = 0; round <= MAX_ROUNDS; round++) {
    const missing = new Set<string>();
    const resolver: ReferenceResolver = {
      flow: (name) => {
        if (!references.subflows.has(name)) missing.add(name);
        return references.subflows.get(name)?.document;
      },
      prompt: (name) => void references.prompts.add(name),
      calendar: (name) => void references.calendars.add(name),
    };

    compileFlow(flow.document, { registry, resolver, flowId: flow.name });
    if (missing.size === 0) break;
    for (const name of missing) {
      const subflow = await findFlowVersionByName(scope, name, asOf);

      references.subflows.set(name, subflow ? { name: subflow.name, kind: subflow.kind, document: withoutSensitiveValues(subflow.document) } : undefined);
    }
  }
  return references;
}

/**
 * Returns a copy of a flow document without the initial values of its sensitive variables,
 * which may be account numbers or credentials that a bundle must not carry.
 */
export function withoutSensitiveValues(document: unknown): Record<string, unknown> {
  const copy = structuredClone(document) as Record<string, unknown>;
  const variables = copy.variables as Record<string, { sensitive?: unknown; initial?: unknown }> | undefined;

  if (variables !== null && typeof variables === "object") {
    for (const declaration of Object.values(variables)) {
      if (declaration !== null && typeof declaration === "object" && declaration.sensitive === true) delete declaration.initial;
    }
  }
  return copy;
}

async function readPrompts(scope: TenantScope, names: string[]): Promise<BundlePrompt[]> {
  if (names.length === 0) return [];

  const rows = await scope.tx
    .select({ name: prompts.name, language: prompts.language, kind: prompts.kind, audioUri: prompts.audioUri, ttsText: prompts.ttsText, contentType: promptAudio.contentType, content: promptAudio.content })
    .from(prompts)
    .leftJoin(promptAudio, eq(promptAudio.promptId, prompts.id))
    .where(inArray(prompts.name, names))
    .orderBy(prompts.name, prompts.language);

  return rows.map((row) => ({
    name: row.name,
    language: row.language,
    kind: row.kind,
    ...(row.ttsText === null ? {} : { text: row.ttsText }),
    ...(row.audioUri === null ? {} : { audioUri: row.audioUri }),
    ...(row.content === null || row.contentType === null ? {} : { audio: { contentType: row.contentType, base64: Buffer.from(row.content).toString("base64") } }),
  }));
}

async function readCalendars(scope: TenantScope, names: string[]) {
  if (names.length === 0) return [];

  return scope.tx
    .select({ name: calendars.name, timeZone: calendars.timeZone, definition: calendars.definition })
    .from(calendars)
    .where(inArray(calendars.name, names))
    .orderBy(calendars.name);
}
