import type { FlowDocument } from "../document.js";
import { problem, type Problem } from "../problems.js";
import { isCyclic, longestPath, reachable, stronglyConnected, type Graph } from "./graph.js";
import type { NodeDraft } from "./prepare-nodes.js";

/** Variables every call has from its start (set by the session, not by a node). */
export const CALL_VARIABLES: readonly string[] = ["callId", "caller", "called", "language"];

const MAX_PATH_SHOWN = 12;

/** Checks edges, ports, reachability, loops, variables and the step budget. */
export function checkGraph(
  document: FlowDocument,
  drafts: NodeDraft[],
  options: { stepBudget: number; loopAllowance: number },
): { problems: Problem[]; worstCaseSteps: number } {
  const problems: Problem[] = [];
  const indexOf = new Map<string, number>();

  drafts.forEach((d) => {
    if (!indexOf.has(d.node.id)) indexOf.set(d.node.id, d.index);
  });
  checkEntries(document, indexOf, problems);
  const graph = checkEdges(document, drafts, indexOf, problems);

  checkRequiredPorts(document, drafts, problems);
  const starts = [document.entry, document.onHangup].filter((id): id is string => id !== undefined && indexOf.has(id)).map((id) => indexOf.get(id)!);
  const live = reachable(graph, starts);

  for (const draft of drafts) {
    if (!live.has(draft.index) && indexOf.get(draft.node.id) === draft.index) {
      problems.push(problem("unreachable-node", `/nodes/${draft.index}`, {}, draft.node.id));
    }
  }
  checkLoops(graph, drafts, problems);
  checkVariables(document, drafts, problems);
  const worstCaseSteps = checkStepBudget(document, graph, drafts, indexOf, options, problems);

  return { problems, worstCaseSteps };
}

function checkEntries(document: FlowDocument, indexOf: Map<string, number>, problems: Problem[]): void {
  if (!indexOf.has(document.entry)) problems.push(problem("unknown-entry", "/entry", { field: "entry" }, document.entry));
  if (document.onHangup !== undefined && !indexOf.has(document.onHangup)) {
    problems.push(problem("unknown-entry", "/onHangup", { field: "onHangup" }, document.onHangup));
  }
}

function checkEdges(document: FlowDocument, drafts: NodeDraft[], indexOf: Map<string, number>, problems: Problem[]): Graph {
  const graph: number[][] = drafts.map(() => []);
  const edgesPerPort = new Map<string, number[]>();

  document.edges.forEach((edge, i) => {
    const pointer = `/edges/${i}`;
    const from = indexOf.get(edge.from);
    const to = indexOf.get(edge.to);

    if (from === undefined) {
      problems.push(problem("unknown-edge-source", `${pointer}/from`, {}, edge.from));
      return;
    }
    const draft = drafts[from];

    if (draft.spec && draft.configValid && !draft.ports.has(edge.port)) {
      problems.push(problem("unknown-port", `${pointer}/port`, { port: edge.port, ports: [...draft.ports].join(", ") }, edge.from));
    }
    if (to === undefined) {
      problems.push(problem("unknown-edge-target", `${pointer}/to`, { port: edge.port, target: edge.to }, edge.from));
      return;
    }
    const key = `${edge.from}\u0000${edge.port}`;
    const list = edgesPerPort.get(key) ?? [];

    list.push(i);
    edgesPerPort.set(key, list);
    graph[from].push(to);
  });
  for (const list of edgesPerPort.values()) {
    if (list.length < 2) continue;
    const edge = document.edges[list[1]];

    problems.push(problem("duplicate-port-edge", `/edges/${list[1]}`, { port: edge.port, count: list.length }, edge.from));
  }
  return graph;
}

function checkRequiredPorts(document: FlowDocument, drafts: NodeDraft[], problems: Problem[]): void {
  const connected = new Set(document.edges.map((e) => `${e.from}\u0000${e.port}`));

  for (const draft of drafts) {
    for (const port of draft.required) {
      if (!connected.has(`${draft.node.id}\u0000${port}`)) {
        problems.push(problem("unconnected-required-port", `/nodes/${draft.index}`, { port }, draft.node.id));
      }
    }
  }
}

// A loop is harmless only if one of its nodes waits for the caller or for time, so the checks
// look for cycles among the nodes that do not wait.
function checkLoops(graph: Graph, drafts: NodeDraft[], problems: Problem[]): void {
  const busy = (node: number): boolean => drafts[node].waits === "none";

  for (const component of stronglyConnected(graph, busy)) {
    if (!isCyclic(graph, component)) continue;
    const ids = component.map((i) => drafts[i].node.id).sort();
    const first = drafts[Math.min(...component)];

    problems.push(problem("loop-without-wait", `/nodes/${first.index}`, { path: formatPath([...ids, ids[0]]) }, first.node.id));
  }
}

function checkVariables(document: FlowDocument, drafts: NodeDraft[], problems: Problem[]): void {
  const written = new Set<string>(CALL_VARIABLES);

  for (const [name, declaration] of Object.entries(document.variables)) if (declaration.initial !== undefined) written.add(name);
  for (const draft of drafts) draft.writes.forEach((name) => written.add(name));
  for (const draft of drafts) {
    for (const [variable, pointer] of draft.reads) {
      if (!written.has(variable)) problems.push(problem("variable-never-written", pointer, { variable }, draft.node.id));
    }
  }
}

function checkStepBudget(
  document: FlowDocument,
  graph: Graph,
  drafts: NodeDraft[],
  indexOf: Map<string, number>,
  options: { stepBudget: number; loopAllowance: number },
  problems: Problem[],
): number {
  const entry = indexOf.get(document.entry);

  if (entry === undefined) return 0;
  const components = stronglyConnected(graph);
  const weight = (component: readonly number[]): number => (isCyclic(graph, component) ? component.length * options.loopAllowance : 1);
  const main = longestPath(graph, components, weight, entry);
  const onHangup = document.onHangup === undefined ? undefined : indexOf.get(document.onHangup);
  const after = onHangup === undefined ? { length: 0, path: [] } : longestPath(graph, components, weight, onHangup);
  const steps = main.length + after.length;

  if (steps > options.stepBudget) {
    const ids = [...main.path, ...after.path].map((c) => {
      const names = components[c].map((i) => drafts[i].node.id);

      return names.length === 1 ? names[0] : `(${names.join(" ")})×${options.loopAllowance}`;
    });

    problems.push(problem("step-budget-exceeded", "", { steps, budget: options.stepBudget, path: formatPath(ids) }));
  }
  return steps;
}

function formatPath(ids: string[]): string {
  if (ids.length <= MAX_PATH_SHOWN) return ids.join(" → ");
  return [...ids.slice(0, MAX_PATH_SHOWN - 2), "…", ids[ids.length - 1]].join(" → ");
}
