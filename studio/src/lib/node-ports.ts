import { ERROR_PORT, type NodeSpec } from "@callflow/sdk";
import { builtinSpecs } from "@callflow/nodes/specs";

import type { NodeTypeView } from "./api-types";
import type { DraftNode } from "./flow-document";

const specsByType = new Map<string, NodeSpec<any, any>>(builtinSpecs.map((spec) => [spec.type, spec]));

/** Returns the browser-safe spec of a built-in node type; custom types have none here. */
export function builtinSpec(type: string): NodeSpec<any, any> | undefined {
  return specsByType.get(type);
}

/**
 * Lists a node's output ports for its current config, `error` last. Ports of built-in types are
 * computed by their spec; custom types use the ports the API's catalogue lists. A config that
 * the port function cannot read (an unfinished menu) gives the ports it can, so the canvas
 * stays usable while the compiler reports the config.
 */
export function outputPorts(node: DraftNode, catalogueEntry: NodeTypeView | undefined): string[] {
  const spec = builtinSpec(node.type);
  let ports: readonly string[] = catalogueEntry?.ports.ports.map((port) => port.name) ?? [];

  if (spec) {
    try {
      ports = typeof spec.ports === "function" ? spec.ports(node.config as never) : spec.ports;
    } catch {
      ports = [];
    }
  }
  if (spec?.terminal || catalogueEntry?.terminal) return [...ports];
  return [...ports.filter((port) => port !== ERROR_PORT), ERROR_PORT];
}
