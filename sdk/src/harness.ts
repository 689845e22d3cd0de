import { CallControl } from "./call/call-control.js";
import { parseCallerScript } from "./call/caller-script.js";
import { SimulatedChannel, type SimulatedChannelOptions } from "./call/simulated-channel.js";
import { driveUntilSettled, VirtualClock } from "./clock.js";
import { prepareNodes } from "./compiler/prepare-nodes.js";
import { flowDocumentSchema, type FlowKind } from "./document.js";
import type { ReferenceResolver } from "./compiler/compile.js";
import { referenceToolsFor } from "./compiler/compile.js";
import type { Problem } from "./problems.js";
import { DEFAULT_EXPRESSION_LIMITS, type ExpressionLimits } from "./expression.js";
import { MemoryLogger } from "./logger.js";
import type { NodeDefinition } from "./node-spec.js";
import { createNodeContext, seededRandom } from "./node-context.js";
import { NodeRegistry } from "./registry.js";
import { SessionVariables } from "./session-variables.js";
import { MemoryTraceSink, type TraceEvent, type TraceEventInput } from "./trace.js";

/** Options of {@link runNode}. */
export interface RunNodeOptions {
  /** Flow kind the node runs in. Default: the first kind the node allows. */
  kind?: FlowKind;
  /** Spoken languages of the pretend flow. Default `["en"]`. */
  languages?: string[];
  /** Variables before the node runs. */
  variables?: Record<string, unknown>;
  /** Variables declared sensitive. */
  sensitive?: string[];
  /** Caller script, as `callflow run --input` takes it: `1@2s,#,hangup@9s`. */
  input?: string;
  /** Start of the call, epoch ms. Default 2026-12-07T02:00:00Z. */
  startMs?: number;
  timeZone?: string;
  seed?: number;
  resolver?: ReferenceResolver;
  /** Node types a subflow may use besides the node under test. */
  registry?: NodeRegistry;
  /** Limits of the node's expressions. Default: the compiler's. */
  expressionLimits?: ExpressionLimits;
  channel?: Partial<Pick<SimulatedChannelOptions, "caller" | "called" | "variables" | "promptDurationMs" | "endpoints">>;
}

/** What {@link runNode} observed. */
export interface RunNodeResult {
  /** Port the node left by, or `hangup` when the caller hung up while it ran. */
  port: string;
  /** The error it threw, if any. */
  error?: unknown;
  variables: Record<string, unknown>;
  /** Prompt texts (or media URIs) played, in order. */
  prompts: string[];
  trace: TraceEvent[];
  channel: SimulatedChannel;
  /** Milliseconds of virtual time until the node ended and the caller script ran out, whichever was later. */
  elapsedMs: number;
  /** Timers still pending after the node and the caller script finished. */
  pendingTimers: number;
}

/**
 * Runs one node against a simulated call on a virtual clock and reports its port, variables and
 * prompts: the test harness for node authors.
 *
 * @example
 * const result = await runNode(menuNode, { prompt: { tts: { en: "Press 1" } }, options: [{ key: "1", port: "one" }] }, { input: "1@1s" });
 * expect(result.port).toBe("one");
 */
export async function runNode(definition: NodeDefinition<any, any>, config: unknown, options: RunNodeOptions = {}): Promise<RunNodeResult> {
  const registry = new NodeRegistry<NodeDefinition<any, any>>(options.registry?.list() ?? []);

  if (!registry.has(definition.spec.type)) registry.register(definition);
  const prepared = prepareConfig(definition, config, options, registry);
  const startMs = options.startMs ?? Date.parse("2026-12-07T02:00:00Z");
  const clock = new VirtualClock(startMs);
  const sink = new MemoryTraceSink();
  const trace = (event: TraceEventInput): void => sink.write({ ...event, v: 1, at: clock.now(), callId: "harness" } as TraceEvent);
  const channel = new SimulatedChannel({ clock, script: parseCallerScript(options.input ?? ""), ...options.channel });
  const declarations = Object.fromEntries((options.sensitive ?? []).map((name) => [name, { type: "string" as const, sensitive: true }]));
  const variables = new SessionVariables(declarations, trace);
  const languages = options.languages ?? ["en"];
  const call = new CallControl({
    channel,
    clock,
    language: languages[0],
    trace,
    variables: () => variables.values,
    traceVariables: () => variables.redacted(),
  });

  for (const [name, value] of Object.entries(options.variables ?? {})) variables.values[name] = value;
  const log = new MemoryLogger();
  const context = createNodeContext(
    {
      flow: { id: "harness" },
      call,
      variables,
      log,
      clock,
      timeZone: options.timeZone ?? "UTC",
      random: seededRandom(options.seed ?? 1),
      trace,
      runSubflow: () => Promise.reject(new Error("runNode does not run subflows; test them with a whole flow")),
    },
    { id: "node", type: definition.spec.type },
    log,
  );
  const outcome = Promise.resolve()
    .then(() => definition.run(context, prepared))
    .then(
      (port) => ({ port }),
      (error: unknown) => ({ port: call.callerHungUp ? "hangup" : "error", error }),
    );

  const result = await driveUntilSettled(clock, outcome);
  const elapsedMs = clock.now() - startMs;

  call.dispose();
  return {
    ...result,
    variables: { ...variables.values },
    prompts: channel.played.map((m) => m.text ?? m.uri ?? ""),
    trace: sink.events,
    channel,
    elapsedMs,
    pendingTimers: clock.pendingTimers,
  };
}

function prepareConfig(definition: NodeDefinition<any, any>, config: unknown, options: RunNodeOptions, registry: NodeRegistry): unknown {
  const document = flowDocumentSchema.parse({
    schemaVersion: 1,
    kind: options.kind ?? definition.spec.kinds[0],
    name: { en: "harness" },
    languages: options.languages ?? ["en"],
    entry: "node",
    nodes: [{ id: "node", type: definition.spec.type, config }],
  });
  const problems: Problem[] = [];
  const references = referenceToolsFor({ registry, resolver: options.resolver });
  const drafts = prepareNodes(document, registry, options.expressionLimits ?? DEFAULT_EXPRESSION_LIMITS, references, problems);
  const errors = problems.filter((p) => p.severity === "error");

  if (errors.length > 0) throw new Error(`invalid node config: ${errors.map((p) => `${p.pointer} ${p.message}`).join("; ")}`);
  return drafts[0].prepared;
}
