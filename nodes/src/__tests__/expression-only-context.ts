import { evaluateExpression, renderTemplate, SessionVariables, type NodeContext } from "@callflow/sdk";

/**
 * A node context with only variables, expressions and templates, for tests that call a node's
 * `run` directly to see whether it returns its port synchronously. Other members throw.
 */
export function expressionOnlyContext(values: Record<string, unknown>): NodeContext {
  const variables = new SessionVariables({});
  const environment = { now: () => Date.parse("2026-12-07T02:00:00Z") };

  Object.assign(variables.values, values);
  const context = {
    node: { id: "node", type: "test" },
    variables,
    evaluate: (expression) => evaluateExpression(expression, variables.values, environment),
    render: (template) => renderTemplate(template, variables.values, environment),
  } satisfies Partial<NodeContext>;

  return new Proxy(context, {
    get(target, name) {
      if (name in target) return target[name as keyof typeof target];
      throw new Error(`expressionOnlyContext has no ${String(name)}`);
    },
  }) as unknown as NodeContext;
}
