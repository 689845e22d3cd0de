/** A directed graph over node indexes 0..n-1, as adjacency lists. */
export type Graph = readonly (readonly number[])[];

/** Indexes reachable from the given starts. */
export function reachable(graph: Graph, starts: readonly number[]): Set<number> {
  const seen = new Set<number>(starts);
  const stack = [...starts];

  while (stack.length > 0) {
    for (const next of graph[stack.pop()!]) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * Strongly connected components (Tarjan's algorithm, iterative so that 10,000-node flows do
 * not overflow the stack). Components come out in reverse topological order.
 */
export function stronglyConnected(graph: Graph, include: (node: number) => boolean = () => true): number[][] {
  const n = graph.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1 || !include(root)) continue;
    const work: Array<[number, number]> = [[root, 0]];

    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;

      if (i < graph[v].length) {
        frame[1]++;
        const w = graph[v][i];

        if (!include(w)) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) {
          low[v] = Math.min(low[v], index[w]);
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];

        low[parent] = Math.min(low[parent], low[v]);
      }
      if (low[v] === index[v]) {
        const component: number[] = [];
        let w: number;

        do {
          w = stack.pop()!;
          onStack[w] = 0;
          component.push(w);
        } while (w !== v);
        components.push(component);
      }
    }
  }
  return components;
}

/** True when a component contains a cycle: two or more nodes, or one node with an edge to itself. */
export function isCyclic(graph: Graph, component: readonly number[]): boolean {
  return component.length > 1 || graph[component[0]].includes(component[0]);
}

/** The longest weighted path from `start` through the component graph, with the components on it. */
export function longestPath(
  graph: Graph,
  components: readonly (readonly number[])[],
  weight: (component: readonly number[]) => number,
  start: number,
): { length: number; path: number[] } {
  const componentOf = new Int32Array(graph.length).fill(-1);

  components.forEach((c, i) => c.forEach((node) => (componentOf[node] = i)));
  // Tarjan emits components in reverse topological order, so successors come first.
  const best = new Float64Array(components.length);
  const via = new Int32Array(components.length).fill(-1);

  for (let i = 0; i < components.length; i++) {
    let tail = 0;

    for (const node of components[i]) {
      for (const next of graph[node]) {
        const target = componentOf[next];

        if (target !== i && target !== -1 && best[target] > tail) {
          tail = best[target];
          via[i] = target;
        }
      }
    }
    best[i] = weight(components[i]) + tail;
  }
  const path: number[] = [];

  for (let c = componentOf[start]; c !== -1; c = via[c]) path.push(c);
  return { length: componentOf[start] === -1 ? 0 : best[componentOf[start]], path };
}
