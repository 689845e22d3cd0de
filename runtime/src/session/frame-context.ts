import type {
  CallControl,
  Clock,
  CompiledExpression,
  EvaluationEnvironment,
  Logger,
  NodeContext,
  NodeServices,
  Plan,
  PlanNode,
  SessionServices,
  SessionVariables,
} from "@callflow/sdk";
import type { CompiledTemplate, TraceEventInput } from "@callflow/sdk";
import { evaluateExpression, renderTemplate } from "@callflow/sdk";

/**
 * The node context of one frame, reused from step to step: the interpreter calls
 * {@link FrameContext.enter} before each node, so a step allocates nothing. The per-node logger
 * is made only when a node logs.
 * NOTE: a node must not keep its context after `run` settles; the next node reuses it.
 */
export class FrameContext implements NodeContext {
  node: { id: string; type: string } = { id: "", type: "" };
  readonly flow: { id: string; version?: number };
  readonly call: CallControl;
  readonly variables: SessionVariables;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly services: NodeServices | undefined;
  private readonly session: Omit<SessionServices, "log">;
  private readonly logs: { readonly logger: Logger };
  private readonly environment: EvaluationEnvironment;
  private nodeLogger: Logger | undefined;

  /**
   * `logs.logger` is read when a node first logs, so a session can make its logger lazily.
   * `nodeServices` are the tenant's optional services, such as outbound HTTP; default none.
   */
  constructor(services: Omit<SessionServices, "log">, logs: { readonly logger: Logger }, nodeServices?: NodeServices) {
    this.session = services;
    this.services = nodeServices;
    this.flow = services.flow;
    this.call = services.call;
    this.variables = services.variables;
    this.clock = services.clock;
    this.timeZone = services.timeZone;
    this.logs = logs;
    this.environment = { now: () => services.clock.now() };
  }

  enter(node: PlanNode): this {
    if (this.node.id !== node.id) {
      this.node = { id: node.id, type: node.type };
      this.nodeLogger = undefined;
    }
    return this;
  }

  // Read through, so the call builds its AbortController only when a node asks for it.
  get signal(): AbortSignal {
    return this.call.signal;
  }

  get log(): Logger {
    this.nodeLogger ??= this.logs.logger.child({ nodeId: this.node.id, nodeType: this.node.type });
    return this.nodeLogger;
  }

  evaluate(expression: CompiledExpression): unknown | Promise<unknown> {
    return evaluateExpression(expression, this.variables.values, this.environment);
  }

  render(template: CompiledTemplate): string | Promise<string> {
    return renderTemplate(template, this.variables.values, this.environment);
  }

  random(): number {
    return this.session.random();
  }

  trace(event: TraceEventInput): void {
    this.session.trace(event);
  }

  runSubflow(plan: Plan, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.session.runSubflow(plan, inputs);
  }
}
