import type { z } from "zod";

import type { CallControl } from "./call/call-control.js";
import type { Clock } from "./clock.js";
import type { FlowKind } from "./document.js";
import type { CompiledExpression } from "./expression.js";
import type { LocalizedText } from "./locale.js";
import type { Logger } from "./logger.js";
import type { Plan } from "./plan.js";
import type { PromptConfig, PreparedPrompt } from "./prompt.js";
import type { CompiledTemplate } from "./template.js";
import type { Calendar } from "./calendar.js";
import type { SessionVariables } from "./session-variables.js";
import type { TraceEventInput } from "./trace.js";

/** Palette groups of the studio. */
export type NodeCategory = "call" | "ivr" | "media" | "logic" | "flow" | "routing" | "integration" | "util";

/** Resources a node needs; the runtime offers each tenant only what it allows. */
export type Capability = "telephony" | "network" | "database" | "storage" | "speech" | "script";

/**
 * Kind of wait a node makes. The compiler rejects loops in which no node waits for the caller or
 * for time, because such a loop spins without bound.
 */
export type WaitKind = "caller" | "time" | "none";

/** Every node may leave by this port when it fails; unconnected, the call ends politely. */
export const ERROR_PORT = "error";

/** Kinds of named references that publishing pins. */
export type ReferenceKind = "subflow" | "prompt" | "calendar";

/**
 * Tools the compiler hands to {@link NodeSpec.prepare}. Each records problems against the
 * JSON pointer it is given (relative to the node's config), so a node never throws for a bad
 * config.
 */
export interface PrepareTools {
  /** Spoken languages the flow declares. */
  readonly languages: readonly string[];
  /** Parses a JSONata expression; a syntax error becomes an `expression-syntax` problem. */
  expression(source: string, pointer: string): CompiledExpression;
  /** Parses a `{{ }}` template. */
  template(source: string, pointer: string): CompiledTemplate;
  /** Prepares a prompt: templates per language, library audio, missing-language warnings. */
  prompt(prompt: PromptConfig, pointer: string): PreparedPrompt;
  /** Resolves a calendar by name; unresolved, returns undefined and records a problem. */
  calendar(name: string, pointer: string): Calendar | undefined;
  /** Resolves and compiles a subflow by name; unresolved, returns undefined and records a problem. */
  subflow(name: string, pointer: string): Plan | undefined;
  /** Declares that the node writes a variable. */
  writes(name: string): void;
  /** Declares that the node reads a variable (expressions declare their own reads). */
  reads(name: string): void;
  /** Records a problem the config schema cannot express. */
  problem(pointer: string, message: string): void;
}

/**
 * The browser-safe half of a node type: everything the studio, the compiler and the catalogue
 * need. Nothing here does I/O.
 *
 * @typeParam Config - the parsed config (output of `configSchema`)
 * @typeParam Prepared - what `prepare` makes of it for `run`
 */
export interface NodeSpec<Config = unknown, Prepared = Config> {
  /** Type name, `category.name` such as `ivr.menu`. */
  readonly type: string;
  /** Version of this type's config format; bump it with a config migration. */
  readonly version: number;
  readonly category: NodeCategory;
  /** Flow kinds the node may appear in. */
  readonly kinds: readonly FlowKind[];
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  /** Validates and defaults the node's config; the studio builds its property form from it. */
  readonly configSchema: z.ZodType<Config>;
  /** Output ports besides `error`: a list, or a pure function of the config. */
  readonly ports: readonly string[] | ((config: Config) => readonly string[]);
  /** Ports that must be connected. Default: none. */
  readonly requiredPorts?: readonly string[] | ((config: Config) => readonly string[]);
  /** Localized labels of static ports, for the studio. */
  readonly portTitles?: Readonly<Record<string, LocalizedText>>;
  /** Kind of wait the node makes. Default `none`. */
  readonly waits?: WaitKind | ((config: Config) => WaitKind);
  /** Upper bound of the node's own internal repetitions (menu attempts), for step budgets. */
  readonly iterationBound?: (config: Config) => number;
  readonly capabilities: readonly Capability[];
  /** True for nodes after which the flow ends (hang-up): they have no output ports to check. */
  readonly terminal?: boolean;
  /** Compiles the config for `run`: expressions, prompts, references. Default: identity. */
  readonly prepare?: (config: Config, tools: PrepareTools) => Prepared;
}

/** Context of a node's `run`: the call, the variables and the session's services. */
export interface NodeContext {
  readonly node: { readonly id: string; readonly type: string };
  /** The flow the node belongs to: its id (plan id) and published version when known. */
  readonly flow: { readonly id: string; readonly version?: number };
  readonly call: CallControl;
  readonly variables: SessionVariables;
  /**
   * Evaluates an expression against the session's variables: synchronously for a closure-mode
   * expression (the value, or a thrown ExpressionError), as a promise for a JSONata-mode one.
   * `await` works on both; a node that must not yield checks `expression.mode` first.
   */
  evaluate(expression: CompiledExpression): unknown | Promise<unknown>;
  /** Renders a template against the session's variables: synchronously in closure mode, else as a promise. */
  render(template: CompiledTemplate): string | Promise<string>;
  /** Logger bound to tenant, call, flow and node ids. */
  readonly log: Logger;
  /** Aborted when the caller hangs up; blocking work must stop then. */
  readonly signal: AbortSignal;
  readonly clock: Clock;
  /** IANA time zone of the call's site, the default for schedules. */
  readonly timeZone: string;
  /** Random number in [0, 1) from the session's seedable generator. */
  random(): number;
  /** Writes an event to the session's trace (time and call id are added). */
  trace(event: TraceEventInput): void;
  /** Runs another flow within this call and returns its variables when it ends. */
  runSubflow(plan: Plan, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
  /**
   * Services beyond the call that the runtime offers this tenant, such as outbound HTTP. Absent
   * where the runtime offers none, as in the `runNode` test harness.
   */
  readonly services?: NodeServices;
}

/**
 * Typed name of a service in {@link NodeServices}. The type parameter is the service's interface.
 *
 * @example export const HTTP_SERVICE: ServiceKey<HttpService> = { name: "http" };
 */
export interface ServiceKey<Service> {
  readonly name: string;
  /** Never set: it only carries the service type to {@link NodeServices.get}. */
  readonly type?: Service;
}

/** Services that the runtime offers a node, looked up by key. */
export interface NodeServices {
  /** Returns the service under `key`, or undefined when the tenant is not offered it. */
  get<Service>(key: ServiceKey<Service>): Service | undefined;
}

/** The server-side half: runs the node and returns the port to leave by. */
export type NodeRun<Prepared> = (context: NodeContext, config: Prepared) => string | Promise<string>;

/** A node type: its spec and its run function. */
export interface NodeDefinition<Config = unknown, Prepared = Config> {
  readonly spec: NodeSpec<Config, Prepared>;
  readonly run: NodeRun<Prepared>;
}

/**
 * Declares the browser-safe spec of a node type (a typed identity function).
 *
 * @example
 * export const logSpec = defineSpec({ type: "util.log", version: 1, category: "util", ... });
 */
export function defineSpec<Config, Prepared = Config>(spec: NodeSpec<Config, Prepared>): NodeSpec<Config, Prepared> {
  return spec;
}

/**
 * Joins a spec with its run function.
 *
 * @example
 * export const logNode = defineNode(logSpec, (ctx, config) => { ctx.log.info({}, "hello"); return "next"; });
 */
export function defineNode<Config, Prepared>(spec: NodeSpec<Config, Prepared>, run: NodeRun<Prepared>): NodeDefinition<Config, Prepared> {
  return { spec, run };
}

/** Ports of a node with a given config, without `error`. */
export function portsOf<Config>(spec: NodeSpec<Config, unknown>, config: Config): readonly string[] {
  return typeof spec.ports === "function" ? spec.ports(config) : spec.ports;
}

/** Required ports of a node with a given config. */
export function requiredPortsOf<Config>(spec: NodeSpec<Config, unknown>, config: Config): readonly string[] {
  const required = spec.requiredPorts ?? [];

  return typeof required === "function" ? required(config) : required;
}

/** Returns the kind of wait a node with a given config makes. */
export function waitsOf<Config>(spec: NodeSpec<Config, unknown>, config: Config): WaitKind {
  const waits = spec.waits ?? "none";

  return typeof waits === "function" ? waits(config) : waits;
}
