import type { CallControl } from "./call/call-control.js";
import type { Clock } from "./clock.js";
import { evaluateExpression, type CompiledExpression, type EvaluationEnvironment } from "./expression.js";
import type { Logger } from "./logger.js";
import type { NodeContext } from "./node-spec.js";
import type { Plan } from "./plan.js";
import type { SessionVariables } from "./session-variables.js";
import { renderTemplate, type CompiledTemplate } from "./template.js";
import type { TraceEventInput } from "./trace.js";

/** What a session shares with each node it runs. */
export interface SessionServices {
  flow: { id: string; version?: number };
  call: CallControl;
  variables: SessionVariables;
  log: Logger;
  clock: Clock;
  timeZone: string;
  random(): number;
  trace(event: TraceEventInput): void;
  runSubflow(plan: Plan, inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Builds the context of one node run from the session's services. */
export function createNodeContext(services: SessionServices, node: { id: string; type: string }, log: Logger): NodeContext {
  const environment: EvaluationEnvironment = { now: () => services.clock.now() };

  return {
    node,
    flow: services.flow,
    call: services.call,
    variables: services.variables,
    evaluate: (expression: CompiledExpression) => evaluateExpression(expression, services.variables.values, environment),
    render: (template: CompiledTemplate) => renderTemplate(template, services.variables.values, environment),
    log,
    signal: services.call.signal,
    clock: services.clock,
    timeZone: services.timeZone,
    random: services.random,
    trace: services.trace,
    runSubflow: services.runSubflow,
  };
}

/**
 * A seedable pseudo-random generator (mulberry32): the same seed gives the same sequence, so a
 * percentage split can be replayed.
 *
 * @example const random = seededRandom(42); random(); // 0.6011037519201636
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;

    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
