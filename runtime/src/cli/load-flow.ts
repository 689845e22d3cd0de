import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import { createNodeRegistry } from "@callflow/nodes";
import { compileFlow, formatProblem, problem, type InterfaceLocale, type NodeRegistry, type Plan, type Problem } from "@callflow/sdk";

import { FileLibrary } from "../library/file-library.js";
import { parseJsonText } from "../library/json-text.js";
import { LibraryError } from "../library/library-error.js";

/** A problem of one file, as the CLI lists it. */
export interface FileProblem {
  /** The file, as the user wrote it or relative to the working directory. */
  file: string;
  severity: "error" | "warning";
  /** A compiler problem code, or one of the CLI's: `file-not-found`, `unreadable`, `library-*`. */
  code: string;
  nodeId?: string;
  /** JSON pointer into the file; empty for the whole file. */
  pointer: string;
  message: string;
}

/** Options of {@link loadFlowFile}. */
export interface LoadFlowOptions {
  /** Folder that relative paths start from. */
  cwd: string;
  /** Library root for subflows, prompts and calendars. Default: the flow file's folder. */
  libraryRoot?: string;
  /** Language of the compiler's problem messages. Default en. */
  locale?: InterfaceLocale;
  registry?: NodeRegistry;
}

/** A flow file after compiling: the plan when it compiled, and every problem found. */
export interface LoadedFlow {
  file: string;
  absolutePath: string;
  /** Undefined when the file has errors. */
  plan: Plan | undefined;
  problems: FileProblem[];
}

/**
 * Reads and compiles a flow file with the built-in nodes, resolving references from a
 * {@link FileLibrary}. Each subflow file is also compiled on its own, so its problems are listed
 * in full under its own name (the main flow's compile reports only the first).
 */
export function loadFlowFile(file: string, options: LoadFlowOptions): LoadedFlow {
  const absolutePath = path.resolve(options.cwd, file);
  const loaded: LoadedFlow = { file, absolutePath, plan: undefined, problems: [] };
  const raw = readFlowJson(file, absolutePath, options.locale ?? "en", loaded.problems);

  if (raw === undefined) return loaded;
  const library = new FileLibrary(options.libraryRoot === undefined ? path.dirname(absolutePath) : path.resolve(options.cwd, options.libraryRoot));
  const context = { ...options, registry: options.registry ?? createNodeRegistry(), library };

  loaded.plan = compileInto(file, () => raw, "main", context, loaded.problems);
  for (const name of subflowNames(raw, library, new Set())) {
    const subflowPath = library.fileOf("flow", name);
    const subflowFile = displayPath(options.cwd, subflowPath);

    compileInto(subflowFile, () => library.flow(name), name, context, loaded.problems);
  }
  return loaded;
}

type CompileContext = LoadFlowOptions & { registry: NodeRegistry; library: FileLibrary };

// `read` runs inside the try, so a library file that fails to read is reported like one that
// fails while the compiler resolves it.
function compileInto(file: string, read: () => unknown, flowId: string, context: CompileContext, problems: FileProblem[]): Plan | undefined {
  try {
    const result = compileFlow(read(), { registry: context.registry, resolver: context.library, flowId });

    problems.push(...result.problems.map((p) => fromCompilerProblem(file, p, context.locale ?? "en")));
    return result.ok ? result.plan : undefined;
  } catch (error) {
    if (!(error instanceof LibraryError)) throw error;
    problems.push({
      file: error.file === undefined ? file : displayPath(context.cwd, error.file),
      severity: "error",
      code: `library-${error.code}`,
      pointer: "",
      message: error.message,
    });
    return undefined;
  }
}

function readFlowJson(file: string, absolutePath: string, locale: InterfaceLocale, problems: FileProblem[]): unknown {
  const fail = (code: string, message: string): undefined => {
    problems.push({ file, severity: "error", code, pointer: "", message });
    return undefined;
  };

  if (!existsSync(absolutePath)) return fail("file-not-found", `${file} does not exist; check the path`);
  if (statSync(absolutePath).isDirectory()) return fail("file-not-found", `${file} is a folder; pass the flow file in it, such as ${path.join(file, "flow.json")}`);
  let text: string;

  try {
    text = readFileSync(absolutePath, "utf8");
  } catch (error) {
    return fail("unreadable", `${file} cannot be read: ${(error as Error).message}; check its permissions`);
  }
  try {
    return parseJsonText(text);
  } catch (error) {
    problems.push(fromCompilerProblem(file, problem("invalid-json", "", { detail: (error as Error).message }), locale));
    return undefined;
  }
}

function fromCompilerProblem(file: string, p: Problem, locale: InterfaceLocale): FileProblem {
  return {
    file,
    severity: p.severity,
    code: p.code,
    ...(p.nodeId === undefined ? {} : { nodeId: p.nodeId }),
    pointer: p.pointer,
    message: formatProblem(p, locale),
  };
}

// Names of the subflows a document calls, and theirs in turn, that exist as library files.
function subflowNames(raw: unknown, library: FileLibrary, seen: Set<string>): string[] {
  const nodes = (raw as { nodes?: unknown } | null)?.nodes;

  if (!Array.isArray(nodes)) return [];
  for (const node of nodes as Array<{ type?: unknown; config?: { flow?: unknown } } | null>) {
    const name = node?.type === "flow.subflow" ? node.config?.flow : undefined;

    if (typeof name !== "string" || seen.has(name)) continue;
    try {
      const subflow = library.flow(name);

      if (subflow === undefined) continue;
      seen.add(name);
      subflowNames(subflow, library, seen);
    } catch (error) {
      // The main flow's compile already reports a bad name or file, so it is not listed twice.
      if (!(error instanceof LibraryError)) throw error;
    }
  }
  return [...seen];
}

/** Returns a path relative to the working directory when it is inside it, else the absolute path. */
export function displayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath);

  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? absolutePath : relative;
}
