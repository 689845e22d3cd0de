import { defineNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

/**
 * Wraps a node so that its context offers `services`, because the `runNode` harness offers none.
 * The harness builds a plain-object context, so a spread copy keeps every member.
 */
export function withServices(node: NodeDefinition<any, any>, services: NodeServices): NodeDefinition<any, any> {
  return defineNode(node.spec, (ctx, config) => node.run({ ...ctx, services }, config));
}
