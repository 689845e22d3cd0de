// Node.js module hooks that let a plain `node` process run this repository's TypeScript sources,
// for the processes that Jest does not load: the global setup's server start and the child
// processes of the multi-process tests of every package. Sources are ESM with `./x.js` imports of
// `./x.ts` files, as `tsc` expects, so `resolve` maps a missing `.js` to its `.ts`, and
// `@callflow/<package>` to that package's `src` entry, as Jest's moduleNameMapper does. `load`
// strips the types with @swc/core. Register it with `register-typescript.mjs`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import swc from "@swc/core";

const REPOSITORY = new URL("../../../", import.meta.url);
const WORKSPACE_ENTRIES = {
  "@callflow/sdk": "sdk/src/index.ts",
  "@callflow/nodes": "nodes/src/index.ts",
  "@callflow/nodes/specs": "nodes/src/specs.ts",
  "@callflow/runtime": "runtime/src/index.ts",
  "@callflow/db": "db/src/index.ts",
};

export async function resolve(specifier, context, nextResolve) {
  const workspaceEntry = WORKSPACE_ENTRIES[specifier];

  if (workspaceEntry) {
    return { url: new URL(workspaceEntry, REPOSITORY).href, shortCircuit: true };
  }

  const isRelative = specifier.startsWith("./") || specifier.startsWith("../");
  const fromTypeScript = context.parentURL?.endsWith(".ts") ?? false;

  if (isRelative && fromTypeScript && specifier.endsWith(".js")) {
    const typeScriptUrl = new URL(specifier.replace(/\.js$/, ".ts"), context.parentURL);

    if (existsSync(fileURLToPath(typeScriptUrl))) {
      return { url: typeScriptUrl.href, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith("file:") || !url.endsWith(".ts")) {
    return nextLoad(url, context);
  }

  const { source } = await nextLoad(url, { ...context, format: "module" });
  const output = await swc.transform(String(source), {
    filename: fileURLToPath(url),
    sourceMaps: "inline",
    jsc: { target: "es2022", parser: { syntax: "typescript" } },
    module: { type: "es6" },
  });

  return { format: "module", source: output.code, shortCircuit: true };
}
