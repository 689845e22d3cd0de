import type { Calendar } from "../calendar.js";
import type { FlowDocument, FlowNode } from "../document.js";
import { compileExpression, ExpressionError, type CompiledExpression, type ExpressionLimits } from "../expression.js";
import { ERROR_PORT, portsOf, requiredPortsOf, waitsOf, type NodeRun, type NodeSpec, type PrepareTools, type WaitKind } from "../node-spec.js";
import type { Plan } from "../plan.js";
import { problem, type Problem } from "../problems.js";
import type { PreparedPrompt, PreparedPromptLanguage, PromptConfig } from "../prompt.js";
import type { NodeRegistry } from "../registry.js";
import { compileTemplate, splitTemplate, TemplateSyntaxError, type CompiledTemplate } from "../template.js";
import { zodProblems, type ReferenceTools } from "./compile.js";

/** A node after its config was parsed and prepared; the graph checks and the linker use it. */
export interface NodeDraft {
  node: FlowNode;
  index: number;
  /** Undefined when the type is unknown. */
  spec: NodeSpec<any, any> | undefined;
  run: NodeRun<any> | undefined;
  /** Undefined when the config is invalid. */
  prepared: unknown;
  configValid: boolean;
  ports: ReadonlySet<string>;
  required: readonly string[];
  waits: WaitKind;
  /** Variables read, with the pointer of the first read. */
  reads: Map<string, string>;
  writes: Set<string>;
  references: { subflows: string[]; prompts: string[]; calendars: string[] };
}

/** Parses and prepares every node's config, recording problems. */
export function prepareNodes(
  document: FlowDocument,
  registry: NodeRegistry<{ spec: NodeSpec<any, any> }>,
  limits: ExpressionLimits,
  references: ReferenceTools,
  problems: Problem[],
): NodeDraft[] {
  const seen = new Set<string>();

  return document.nodes.map((node, index) => {
    const pointer = `/nodes/${index}`;

    if (seen.has(node.id)) problems.push(problem("duplicate-node-id", `${pointer}/id`, {}, node.id));
    seen.add(node.id);
    const entry = registry.get(node.type);
    const draft: NodeDraft = {
      node,
      index,
      spec: entry?.spec,
      run: (entry as { run?: NodeRun<any> } | undefined)?.run,
      prepared: undefined,
      configValid: false,
      ports: new Set([ERROR_PORT]),
      required: [],
      waits: "none",
      reads: new Map(),
      writes: new Set(),
      references: { subflows: [], prompts: [], calendars: [] },
    };

    if (!entry) {
      problems.push(problem("unknown-node-type", `${pointer}/type`, { type: node.type }, node.id));
      return draft;
    }
    checkTypeAndKind(document, node, pointer, entry.spec, problems);
    prepareConfig(document, draft, pointer, limits, references, problems);
    return draft;
  });
}

function checkTypeAndKind(document: FlowDocument, node: FlowNode, pointer: string, spec: NodeSpec<any, any>, problems: Problem[]): void {
  if (node.typeVersion !== undefined && node.typeVersion > spec.version) {
    problems.push(problem("node-type-version", `${pointer}/typeVersion`, { type: spec.type, found: node.typeVersion, installed: spec.version }, node.id));
  }
  if (!spec.kinds.includes(document.kind)) {
    problems.push(problem("node-kind-not-allowed", `${pointer}/type`, { type: spec.type, kind: document.kind, allowed: spec.kinds.join(", ") }, node.id));
  }
}

function prepareConfig(
  document: FlowDocument,
  draft: NodeDraft,
  pointer: string,
  limits: ExpressionLimits,
  references: ReferenceTools,
  problems: Problem[],
): void {
  const spec = draft.spec!;
  const node = draft.node;
  const parsed = spec.configSchema.safeParse(node.config);

  if (!parsed.success) {
    problems.push(...zodProblems(parsed.error, `${pointer}/config`, node.id, { schema: spec.configSchema, input: node.config }));
    return;
  }
  const config = parsed.data;
  const tools = prepareTools(document, draft, `${pointer}/config`, limits, references, problems);

  draft.prepared = spec.prepare ? spec.prepare(config, tools) : config;
  draft.configValid = true;
  draft.ports = new Set([...portsOf(spec, config), ERROR_PORT]);
  draft.required = requiredPortsOf(spec, config);
  draft.waits = waitsOf(spec, config);
}

// A stand-in for an expression that did not parse; the flow never runs because of the problem.
const brokenExpression = (source: string): CompiledExpression => ({
  source,
  reads: [],
  mode: "jsonata",
  fallbackReason: "the expression did not parse",
  evaluate: () => Promise.reject(new ExpressionError("S0000", `expression "${source}" did not compile`, source)),
});

function prepareTools(
  document: FlowDocument,
  draft: NodeDraft,
  configPointer: string,
  limits: ExpressionLimits,
  references: ReferenceTools,
  problems: Problem[],
): PrepareTools {
  const nodeId = draft.node.id;
  const at = (pointer: string): string => configPointer + pointer;
  const recordReads = (reads: readonly string[], pointer: string): void => {
    for (const name of reads) if (!draft.reads.has(name)) draft.reads.set(name, at(pointer));
  };
  const syntaxProblem = (error: unknown, pointer: string): void => {
    const e = error as ExpressionError | TemplateSyntaxError;

    problems.push(
      problem("expression-syntax", at(pointer), { path: pointer || "/", detail: e.message, jsonataCode: e.code, position: e.position ?? 0 }, nodeId),
    );
  };

  const tools: PrepareTools = {
    languages: document.languages,
    expression(source, pointer) {
      try {
        const compiled = compileExpression(source, limits);

        recordReads(compiled.reads, pointer);
        return compiled;
      } catch (error) {
        syntaxProblem(error, pointer);
        return brokenExpression(source);
      }
    },
    template(source, pointer) {
      try {
        const compiled = compileTemplate(source, limits);

        recordReads(compiled.reads, pointer);
        return compiled;
      } catch (error) {
        syntaxProblem(error, pointer);
        // Not static: a static template's text is split again, which would throw the same error.
        return { mode: "jsonata", source, reads: [], isStatic: false, expressions: [], render: async () => source };
      }
    },
    prompt(prompt, pointer) {
      return preparePrompt(prompt, pointer, document.languages, tools, references, draft, (p) => problems.push(p), at);
    },
    calendar(name, pointer) {
      const calendar: Calendar | undefined = references.calendar(name);

      if (calendar === undefined) problems.push(problem("unresolved-reference", at(pointer), { kind: "calendar", name }, nodeId));
      else draft.references.calendars.push(name);
      return calendar;
    },
    subflow(name, pointer) {
      const result = references.subflow(name);

      if ("plan" in result) {
        draft.references.subflows.push(name);
        return result.plan;
      }
      // The compiler finds a cycle in the innermost subflow on it. Each caller on the way out
      // reports the cycle again, so the flow being compiled gets subflow-cycle as well.
      const cycle = "failed" in result ? result.failed.find((p) => p.code === "subflow-cycle") : undefined;

      if ("missing" in result) problems.push(problem("unresolved-reference", at(pointer), { kind: "subflow", name }, nodeId));
      else if ("cycle" in result) problems.push(problem("subflow-cycle", at(pointer), { name, chain: result.cycle.join(" → ") }, nodeId));
      else if (cycle !== undefined) problems.push(problem("subflow-cycle", at(pointer), { name, chain: cycle.params.chain }, nodeId));
      else {
        const first = result.failed.find((p) => p.severity === "error");
        // The template adds the closing full stop.
        const detail = first ? `does not compile: ${first.message.replace(/\.$/, "")}` : "does not compile";

        problems.push(problem("invalid-config", at(pointer), { path: pointer, detail: `subflow "${name}" ${detail}` }, nodeId));
      }
      return undefined as Plan | undefined;
    },
    writes(name) {
      draft.writes.add(name);
    },
    reads(name) {
      if (!draft.reads.has(name)) draft.reads.set(name, configPointer);
    },
    problem(pointer, message) {
      problems.push(problem("invalid-config", at(pointer), { path: pointer, detail: message }, nodeId));
    },
  };
  return tools;
}

function preparePrompt(
  prompt: PromptConfig,
  pointer: string,
  languages: readonly string[],
  tools: PrepareTools,
  references: ReferenceTools,
  draft: NodeDraft,
  report: (p: Problem) => void,
  at: (pointer: string) => string,
): PreparedPrompt {
  const prepared = new Map<string, PreparedPromptLanguage>();
  const library = prompt.audio === undefined ? undefined : references.prompt(prompt.audio);

  if (prompt.audio !== undefined) {
    if (library === undefined) report(problem("unresolved-reference", at(`${pointer}/audio`), { kind: "prompt", name: prompt.audio }, draft.node.id));
    else draft.references.prompts.push(prompt.audio);
  }
  const available = [...new Set([...languages, ...Object.keys(prompt.tts ?? {}), ...Object.keys(library?.languages ?? {})])];

  for (const language of available) {
    const recording = library?.languages[language];
    const text = prompt.tts?.[language];

    if (recording?.uri !== undefined) prepared.set(language, { uri: recording.uri, text: recording.text, durationMs: recording.durationMs });
    else if (recording?.text !== undefined) prepared.set(language, templateEntry(tools.template(recording.text, `${pointer}/audio`)));
    else if (text !== undefined) prepared.set(language, templateEntry(tools.template(text, `${pointer}/tts/${language}`)));
  }
  const fallback = prepared.keys().next().value;

  for (const language of languages) {
    if (!prepared.has(language) && fallback !== undefined && (prompt.audio === undefined || library !== undefined)) {
      report(problem("missing-prompt-language", at(pointer), { path: pointer || "/", language, fallback }, draft.node.id));
    }
  }
  return { audio: prompt.audio, languages: prepared };
}

function templateEntry(template: CompiledTemplate): PreparedPromptLanguage {
  if (!template.isStatic) return { template };
  return { text: splitTemplate(template.source).map((part) => part.text).join("") };
}
