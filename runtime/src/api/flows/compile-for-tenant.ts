import { findFlowVersionByName, listCalendarRows, listPromptLanguages, type PromptLanguageRow, type TenantScope } from "@callflow/db";
import { compileFlow, type CompileResult, type NodeRegistry, type NodeSpec, type ReferenceResolver } from "@callflow/sdk";

// Each round fetches the names the previous compile could not resolve. A subflow's own
// references need one more round per level of nesting, which the session bounds at 8 levels.
const MAX_ROUNDS = 12;

type ReferenceKind = "flow" | "prompt" | "calendar";
type PromptEntry = { languages: Record<string, { uri?: string; text?: string }> };

/** Input of {@link compileForTenant}. */
export interface TenantCompileInput {
  /** Name of the flow, which the compiler reports problems under. */
  name: string;
  document: unknown;
  /**
   * A published version whose publication time bounds the subflow versions: each subflow then
   * resolves to its version that was current when that version was published. Default: the
   * latest published version of each subflow.
   */
  subflowsAsOf?: { flowId: string; version: number };
}

/**
 * Compiles a document (a draft, a published version, or an earlier version being rolled back
 * to) against the tenant's library: a published version of each subflow, and the stored prompts
 * and calendars. The compiler's resolver is synchronous, so compilation runs in rounds that
 * fetch what the previous round could not resolve.
 */
export async function compileForTenant(scope: TenantScope, input: TenantCompileInput, registry: NodeRegistry<{ spec: NodeSpec<any, any> }>): Promise<CompileResult> {
  const known: Record<ReferenceKind, Map<string, unknown>> = { flow: new Map(), prompt: new Map(), calendar: new Map() };

  for (let round = 0; ; round++) {
    const missing: Record<ReferenceKind, Set<string>> = { flow: new Set(), prompt: new Set(), calendar: new Set() };
    const lookup = (kind: ReferenceKind) => (name: string) => {
      if (known[kind].has(name)) return known[kind].get(name);
      missing[kind].add(name);
      return undefined;
    };
    const resolver: ReferenceResolver = { flow: lookup("flow"), prompt: lookup("prompt"), calendar: lookup("calendar") };
    const result = compileFlow(input.document, { registry, resolver, flowId: input.name });
    const nothingMissing = missing.flow.size + missing.prompt.size + missing.calendar.size === 0;

    if (nothingMissing || round === MAX_ROUNDS) {
      return result;
    }
    await fetchReferences(scope, input.subflowsAsOf, missing, known);
  }
}

async function fetchReferences(
  scope: TenantScope,
  subflowsAsOf: TenantCompileInput["subflowsAsOf"],
  missing: Record<ReferenceKind, Set<string>>,
  known: Record<ReferenceKind, Map<string, unknown>>,
): Promise<void> {
  for (const name of missing.flow) {
    known.flow.set(name, (await findFlowVersionByName(scope, name, subflowsAsOf))?.document);
  }

  const prompts = groupPrompts(await listPromptLanguages(scope, [...missing.prompt]));
  for (const name of missing.prompt) {
    known.prompt.set(name, prompts.get(name));
  }

  const calendars = new Map((await listCalendarRows(scope, [...missing.calendar])).map((row) => [row.name, row.definition]));
  for (const name of missing.calendar) {
    known.calendar.set(name, calendars.get(name));
  }
}

// Turns one row per prompt name and spoken language into the prompt library's entry format.
function groupPrompts(rows: readonly PromptLanguageRow[]): Map<string, PromptEntry> {
  const entries = new Map<string, PromptEntry>();

  for (const row of rows) {
    const entry = entries.get(row.name) ?? { languages: {} };

    entry.languages[row.language] = row.kind === "audio" ? { uri: row.audioUri ?? undefined } : { text: row.ttsText ?? undefined };
    entries.set(row.name, entry);
  }
  return entries;
}
