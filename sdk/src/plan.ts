import type { FlowDocument, FlowKind, VariableDeclaration } from "./document.js";
import type { NodeRun, NodeSpec } from "./node-spec.js";
import type { ExpressionLimits } from "./expression.js";

/** A node of an executable plan, linked to its successors. */
export interface PlanNode {
  readonly id: string;
  readonly type: string;
  readonly spec: NodeSpec<any, any>;
  /** The config after `prepare`: compiled expressions, prompts, resolved references. */
  readonly prepared: unknown;
  /** Run function, present when the plan was compiled with a runtime registry. */
  readonly run: NodeRun<any> | undefined;
  /** Successor per output port (including `error`); undefined where the port is unconnected. */
  readonly next: Readonly<Record<string, PlanNode | undefined>>;
}

/** References a plan pinned when it was compiled. */
export interface PlanReferences {
  subflows: string[];
  prompts: string[];
  calendars: string[];
}

/** An executable flow: the output of {@link compileFlow}, shared by every call that runs it. */
export interface Plan {
  readonly document: FlowDocument;
  /** Stable key of the flow: the reference name of a subflow, or what the caller passed as `flowId`. */
  readonly id: string;
  /** English name of the flow, for logs. */
  readonly name: string;
  readonly kind: FlowKind;
  readonly entry: PlanNode;
  readonly onHangup: PlanNode | undefined;
  readonly nodes: ReadonlyMap<string, PlanNode>;
  readonly variables: Readonly<Record<string, VariableDeclaration>>;
  readonly languages: readonly string[];
  readonly references: PlanReferences;
  /** Worst-case steps of one call, counting each loop as the compiler's loop allowance. */
  readonly worstCaseSteps: number;
  readonly expressionLimits: ExpressionLimits;
}
