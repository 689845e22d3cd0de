// In-process CPU profiling through the inspector protocol (the same sampler as --cpu-prof),
// summarised as self time by origin and by function, so a run can report what dominates.
import { Session } from "node:inspector";

/** Starts and stops the V8 sampling profiler of this process. */
export class CpuProfiler {
  constructor() {
    this.session = undefined;
  }

  async start() {
    this.session = new Session();
    this.session.connect();
    await this.post("Profiler.enable");
    await this.post("Profiler.setSamplingInterval", { interval: 1000 });
    await this.post("Profiler.start");
    return {};
  }

  /** Stops profiling and returns {@link summarizeProfile} of what was sampled. */
  async stop() {
    const { profile } = await this.post("Profiler.stop");

    this.session.disconnect();
    this.session = undefined;
    return summarizeProfile(profile);
  }

  post(method, params) {
    return new Promise((resolve, reject) => {
      this.session.post(method, params, (error, result) => (error ? reject(error) : resolve(result)));
    });
  }
}

/**
 * Names where a function's code comes from: a package under node_modules, this repository's
 * built code (runtime, sdk, nodes), Node's own JavaScript, or V8's pseudo-functions such as
 * "(garbage collector)".
 */
function classifyOrigin(node) {
  const { url, functionName } = node.callFrame;

  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  if (url.startsWith("node:")) return "node internals";
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(url);

  if (packageMatch) return packageMatch[1];
  const ownMatch = /\/(runtime|sdk|nodes)\/dist\/(ari\/test-server|ari\/adapter|[^/]+)\//.exec(url);

  if (ownMatch) return `${ownMatch[1]}/${ownMatch[2]}`;
  if (url.includes("/bench/")) return "benchmark";
  return url;
}

/**
 * Returns the share of self time by origin and the functions with the most self time. Shares
 * are of busy samples, that is every sample except "(idle)".
 */
export function summarizeProfile(profile, top = 10) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfSamples = new Map();

  for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  const byOrigin = new Map();
  const byFunction = new Map();
  let busy = 0;
  let idle = 0;

  for (const [id, count] of selfSamples) {
    const node = nodes.get(id);
    const origin = classifyOrigin(node);

    if (origin === "(idle)") {
      idle += count;
      continue;
    }
    busy += count;
    byOrigin.set(origin, (byOrigin.get(origin) ?? 0) + count);
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || "(anonymous)"} ${url ? `${url.replace(/^.*\/(node_modules|dist)\//, "")}:${lineNumber + 1}` : ""}`.trim();

    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const share = (count) => Number(((100 * count) / Math.max(1, busy)).toFixed(1));
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);

  return {
    samples: profile.samples.length,
    busyPercentOfSamples: Number(((100 * busy) / Math.max(1, busy + idle)).toFixed(1)),
    selfPercentByOrigin: Object.fromEntries(sorted(byOrigin).map(([origin, count]) => [origin, share(count)])),
    topFunctions: sorted(byFunction)
      .slice(0, top)
      .map(([name, count]) => ({ name, selfPercent: share(count) })),
  };
}
