import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { compileFlow, type NodeRegistry, type Plan, type Problem } from "@callflow/sdk";

import { FileLibrary } from "../library/file-library.js";

/** A flow that does not compile, with the compiler's problems. */
export class FlowUnavailableError extends Error {
  readonly code = "flow-unavailable";
  readonly problems: Problem[];

  constructor(flow: string, message: string, problems: Problem[] = []) {
    super(`flow "${flow}" cannot run: ${message}`);
    this.name = "FlowUnavailableError";
    this.problems = problems;
  }
}

/** Gives the plan a flow reference runs, and the version when the source has versions. */
/** A compiled plan, with the published version it was compiled from when the source has versions. */
export interface LoadedPlan {
  plan: Plan;
  version?: number;
}

export interface FlowSource {
  /** Returns the flow's plan: directly when it is cached and current, otherwise through a promise. */
  plan(flow: string): LoadedPlan | Promise<LoadedPlan>;
}

/**
 * Flows from files: the flow `name` is `<root>/<name>/flow.json`, whose own folder is the
 * library its subflows, prompts and calendars resolve from (as in `examples/`). A plan is
 * compiled once and again when the file changes, so an edited flow takes effect for new calls.
 * Calls in progress keep the plan they started with.
 */
export class FileFlowSource implements FlowSource {
  private readonly root: string;
  private readonly registry: NodeRegistry;
  private readonly cache = new Map<string, { mtimeMs: number; checkedAt: number; plan: Plan }>();
  private readonly recheckMs: number;

  /**
   * @param recheckMs - how long a compiled plan is used before the file's modification time is
   *   checked again; an edited flow takes effect within this time. Default 1,000 ms.
   */
  constructor(root: string, registry: NodeRegistry, recheckMs = 1000) {
    this.root = path.resolve(root);
    this.registry = registry;
    this.recheckMs = recheckMs;
  }

  plan(flow: string): LoadedPlan | Promise<LoadedPlan> {
    const cached = this.cache.get(flow);

    // A stat per call costs more than the rest of the call's start, so files are rechecked at
    // most every recheckMs. Only valid names are cached, so a hit needs no name check.
    if (cached && Date.now() - cached.checkedAt < this.recheckMs) return { plan: cached.plan };
    return this.loadPlan(flow);
  }

  private async loadPlan(flow: string): Promise<LoadedPlan> {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(flow) || flow.includes("..")) {
      throw new FlowUnavailableError(flow, "the name may contain only letters, digits, _, . and -");
    }
    const cached = this.cache.get(flow);
    const now = Date.now();
    const folder = path.join(this.root, flow);
    const file = path.join(folder, "flow.json");

    if (!existsSync(file)) throw new FlowUnavailableError(flow, `${file} does not exist; create it or fix the directory entry`);
    const mtimeMs = statSync(file).mtimeMs;

    if (cached && cached.mtimeMs === mtimeMs) {
      cached.checkedAt = now;
      return { plan: cached.plan };
    }
    const result = compileFlow(readFileSync(file, "utf8"), { registry: this.registry, resolver: new FileLibrary(folder), flowId: flow });

    if (!result.ok) {
      const errors = result.problems.filter((p) => p.severity === "error");

      throw new FlowUnavailableError(flow, `${errors.length} problem(s), first: ${errors[0]?.message}; run callflow validate ${file}`, result.problems);
    }
    this.cache.set(flow, { mtimeMs, checkedAt: now, plan: result.plan });
    return { plan: result.plan };
  }
}
