import {
  findFlowVersionByName,
  listCalendarRows,
  listPromptLanguages,
  type PromptLanguageRow,
  type PublishedFlowVersion,
  type TenantScope,
} from "@callflow/db";
import { compileFlow, type CompileResult, type NodeRegistry, type ReferenceResolver } from "@callflow/sdk";

// Each round fetches the names the previous compile asked for; a subflow's own references need
// one more round per level of nesting. The session nests subflows at most 8 deep by default.
const MAX_ROUNDS = 12;

type ReferenceKind = "flow" | "prompt" | "calendar";

/**
 * Compiles a published version with its subflows, prompts and calendars read from the tenant's
 * tables. The compiler's resolver is synchronous, so compilation runs in rounds: each round
 * records the names it could not resolve, fetches them, and compiles again until nothing is
 * missing. A subflow resolves to its version that was current when `version` was published.
 *
 * NOTE: prompts and calendars are not versioned in the database, so a plan uses their rows as
 * they were when it was compiled. A later change reaches it only after the next publish of the
 * flow or a restart.
 */
export async function compilePublishedVersion(scope: TenantScope, version: PublishedFlowVersion, registry: NodeRegistry): Promise<CompileResult> {
  const known: Record<ReferenceKind, Map<string, unknown>> = { flow: new Map(), prompt: new Map(), calendar: new Map() };

  for (let round = 0; ; round++) {
    const missing: Record<ReferenceKind, Set<string>> = { flow: new Set(), prompt: new Set(), calendar: new Set() };
    const lookup = (kind: ReferenceKind) => (name: string) => {
      if (known[kind].has(name)) return known[kind].get(name);
      missing[kind].add(name);
      return undefined;
    };
    const resolver: ReferenceResolver = { flow: lookup("flow"), prompt: lookup("prompt"), calendar: lookup("calendar") };
    const result = compileFlow(version.document, { registry, resolver, flowId: version.name });
    const nothingMissing = missing.flow.size + missing.prompt.size + missing.calendar.size === 0;

    if (nothingMissing || round === MAX_ROUNDS) return result;
    await fetchReferences(scope, version, missing, known);
  }
}

async function fetchReferences(
  scope: TenantScope,
  caller: PublishedFlowVersion,
  missing: Record<ReferenceKind, Set<string>>,
  known: Record<ReferenceKind, Map<string, unknown>>,
): Promise<void> {
  for (const name of missing.flow) {
    const subflow = await findFlowVersionByName(scope, name, { flowId: caller.flowId, version: caller.version });

    known.flow.set(name, subflow?.document);
  }

  const prompts = groupPrompts(await listPromptLanguages(scope, [...missing.prompt]));
  for (const name of missing.prompt) known.prompt.set(name, prompts.get(name));

  const calendars = new Map((await listCalendarRows(scope, [...missing.calendar])).map((row) => [row.name, row.definition]));
  for (const name of missing.calendar) known.calendar.set(name, calendars.get(name));
}

// Turns one row per name and language into the prompt library's entry format:
// `{ languages: { cmn: { uri }, en: { text } } }`.
function groupPrompts(rows: readonly PromptLanguageRow[]): Map<string, { languages: Record<string, { uri?: string; text?: string }> }> {
  const entries = new Map<string, { languages: Record<string, { uri?: string; text?: string }> }>();

  for (const row of rows) {
    const entry = entries.get(row.name) ?? { languages: {} };

    entry.languages[row.language] = row.kind === "audio" ? { uri: row.audioUri ?? undefined } : { text: row.ttsText ?? undefined };
    entries.set(row.name, entry);
  }
  return entries;
}
