import type { z } from "zod";

import { localizedIssues } from "../zod-messages.js";

import type { Calendar } from "../calendar.js";
import { calendarSchema } from "../calendar.js";
import { CURRENT_SCHEMA_VERSION, flowDocumentSchema, type FlowDocument } from "../document.js";
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from "../expression.js";
import { migrateDocument } from "../migrations.js";
import type { Plan, PlanNode } from "../plan.js";
import { problem, type Problem } from "../problems.js";
import { promptLibraryEntrySchema, type PromptLibraryEntry } from "../prompt.js";
import type { NodeRegistry } from "../registry.js";
import type { NodeSpec } from "../node-spec.js";
import { checkGraph } from "./check-graph.js";
import { prepareNodes, type NodeDraft } from "./prepare-nodes.js";

/**
 * Finds what flows refer to by name. Each method returns the raw object (validated here) or
 * undefined when nothing has that name.
 */
export interface ReferenceResolver {
  flow?(name: string): unknown;
  prompt?(name: string): unknown;
  calendar?(name: string): unknown;
}

/** Options of {@link compileFlow}. */
export interface CompileOptions {
  /** Node types: specs alone (browser) or full definitions (runtime, which then gets `run`). */
  registry: NodeRegistry<{ spec: NodeSpec<any, any> }>;
  resolver?: ReferenceResolver;
  /** Worst-case steps per call above which a warning is given. Default 1,000. */
  stepBudget?: number;
  /** How many times the step count assumes each loop is taken. Default 10. */
  loopAllowance?: number;
  expressionLimits?: ExpressionLimits;
  /** Stable key of the flow in traces and coverage. Default `main`. */
  flowId?: string;
}

/** Outcome of {@link compileFlow}: a plan with warnings, or every problem found. */
export type CompileResult = { ok: true; plan: Plan; problems: Problem[] } | { ok: false; problems: Problem[] };

/** Compilation state shared with subflows, so each is compiled once and cycles are found. */
interface CompileScope {
  options: CompileOptions;
  subflows: Map<string, Plan | "compiling" | { failed: Problem[] }>;
  chain: string[];
  prompts: Map<string, PromptLibraryEntry | undefined>;
  calendars: Map<string, Calendar | undefined>;
}

/**
 * Compiles a flow document (JSON text or a parsed object) into an executable plan. It never
 * throws for a bad document: every problem comes back at once, each with a stable code, the node
 * id, a JSON pointer and a message that says how to fix it.
 *
 * @example
 * const result = compileFlow(text, { registry });
 * if (!result.ok) for (const p of result.problems) console.log(p.code, p.nodeId, p.message);
 */
export function compileFlow(input: unknown, options: CompileOptions): CompileResult {
  return compileInScope(input, options.flowId ?? "main", {
    options,
    subflows: new Map(),
    chain: [],
    prompts: new Map(),
    calendars: new Map(),
  });
}

function compileInScope(input: unknown, flowId: string, scope: CompileScope): CompileResult {
  const parsed = parseDocument(input);

  if (!parsed.ok) return parsed;
  const document = parsed.document;
  const problems: Problem[] = [];
  const limits = scope.options.expressionLimits ?? DEFAULT_EXPRESSION_LIMITS;
  const drafts = prepareNodes(document, scope.options.registry, limits, referenceTools(scope), problems);
  const graph = checkGraph(document, drafts, {
    stepBudget: scope.options.stepBudget ?? 1000,
    loopAllowance: scope.options.loopAllowance ?? 10,
  });

  problems.push(...graph.problems);
  if (problems.some((p) => p.severity === "error")) return { ok: false, problems };
  return { ok: true, plan: link(flowId, document, drafts, graph.worstCaseSteps, limits), problems };
}

function parseDocument(input: unknown): { ok: true; document: FlowDocument } | { ok: false; problems: Problem[] } {
  let raw = input;

  if (typeof input === "string") {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      return { ok: false, problems: [problem("invalid-json", "", { detail: (error as Error).message })] };
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, problems: [problem("invalid-document", "", { path: "(document)", detail: "expected a JSON object" })] };
  }
  const migrated = migrateDocument(raw as Record<string, unknown>);

  if (!migrated.ok) {
    const found = migrated.found === undefined ? "(missing)" : JSON.stringify(migrated.found);

    return {
      ok: false,
      problems: [problem("unsupported-schema-version", "/schemaVersion", { found, current: CURRENT_SCHEMA_VERSION })],
    };
  }
  const result = flowDocumentSchema.safeParse(migrated.document);

  if (!result.success) return { ok: false, problems: zodProblems(result.error, "", undefined, { schema: flowDocumentSchema, input: migrated.document }) };
  return { ok: true, document: result.data };
}

/**
 * Turns zod issues into `invalid-document` problems (or `invalid-config` under a node). With the
 * schema and the input that failed, each problem also gets zod's detail in the Chinese locales.
 */
export function zodProblems(error: z.ZodError, basePointer: string, nodeId?: string, failed?: { schema: z.ZodType; input: unknown }): Problem[] {
  const localized = failed === undefined ? {} : localizedIssues(failed.schema, failed.input);

  return error.issues.map((issue, index) => {
    const pointer = basePointer + issue.path.map((segment) => "/" + String(segment).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
    const path = pointer === "" ? "(document)" : pointer;
    const found = nodeId === undefined
      ? problem("invalid-document", pointer, { path, detail: issue.message })
      : problem("invalid-config", pointer, { path: path.slice(basePointer.length) || "config", detail: issue.message }, nodeId);
    const localizedParams = Object.fromEntries(
      Object.entries(localized).flatMap(([locale, issues]) => (issues?.[index] === undefined ? [] : [[locale, { ...found.params, detail: issues[index].message }]])),
    );

    return Object.keys(localizedParams).length === 0 ? found : { ...found, localizedParams };
  });
}

function referenceTools(scope: CompileScope) {
  const { resolver } = scope.options;

  return {
    prompt(name: string): PromptLibraryEntry | undefined {
      if (!scope.prompts.has(name)) {
        const parsed = promptLibraryEntrySchema.safeParse(resolver?.prompt?.(name));

        scope.prompts.set(name, parsed.success ? parsed.data : undefined);
      }
      return scope.prompts.get(name);
    },
    calendar(name: string): Calendar | undefined {
      if (!scope.calendars.has(name)) {
        const parsed = calendarSchema.safeParse(resolver?.calendar?.(name));

        scope.calendars.set(name, parsed.success ? parsed.data : undefined);
      }
      return scope.calendars.get(name);
    },
    subflow(name: string): { plan: Plan } | { cycle: string[] } | { missing: true } | { failed: Problem[] } {
      const known = scope.subflows.get(name);

      if (known === "compiling") return { cycle: [...scope.chain, name] };
      if (known !== undefined) return "failed" in known ? known : { plan: known };
      const raw = resolver?.flow?.(name);

      if (raw === undefined) return { missing: true };
      scope.subflows.set(name, "compiling");
      scope.chain.push(name);
      const result = compileInScope(raw, name, scope);

      scope.chain.pop();
      scope.subflows.set(name, result.ok ? result.plan : { failed: result.problems });
      return result.ok ? { plan: result.plan } : { failed: result.problems };
    },
  };
}

/** Reference lookups for one compilation, as {@link prepareNodes} uses them. */
export function referenceToolsFor(options: CompileOptions): ReferenceTools {
  return referenceTools({ options, subflows: new Map(), chain: [], prompts: new Map(), calendars: new Map() });
}

/** Reference lookups that {@link prepareNodes} uses. */
export type ReferenceTools = ReturnType<typeof referenceTools>;

function link(flowId: string, document: FlowDocument, drafts: NodeDraft[], worstCaseSteps: number, limits: ExpressionLimits): Plan {
  const nodes = new Map<string, PlanNode>();
  const mutableNext = new Map<string, Record<string, PlanNode | undefined>>();

  for (const draft of drafts) {
    const next: Record<string, PlanNode | undefined> = Object.create(null);
    const node: PlanNode = {
      id: draft.node.id,
      type: draft.node.type,
      spec: draft.spec!,
      prepared: draft.prepared,
      run: draft.run,
      next,
    };

    nodes.set(node.id, node);
    mutableNext.set(node.id, next);
  }
  for (const edge of document.edges) mutableNext.get(edge.from)![edge.port] = nodes.get(edge.to);
  const references = { subflows: new Set<string>(), prompts: new Set<string>(), calendars: new Set<string>() };

  for (const draft of drafts) {
    draft.references.subflows.forEach((r) => references.subflows.add(r));
    draft.references.prompts.forEach((r) => references.prompts.add(r));
    draft.references.calendars.forEach((r) => references.calendars.add(r));
  }
  return {
    document,
    id: flowId,
    name: document.name.en,
    kind: document.kind,
    entry: nodes.get(document.entry)!,
    onHangup: document.onHangup === undefined ? undefined : nodes.get(document.onHangup),
    nodes,
    variables: document.variables,
    languages: document.languages,
    references: {
      subflows: [...references.subflows],
      prompts: [...references.prompts],
      calendars: [...references.calendars],
    },
    worstCaseSteps,
    expressionLimits: limits,
  };
}
