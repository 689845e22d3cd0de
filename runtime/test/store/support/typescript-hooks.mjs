// Node.js module hooks that let the child processes of the store tests run the repository's
// TypeScript sources as Jest does. `@callflow/<package>` resolves to that package's
// `src/index.ts`, and a relative `./x.js` import from a `.ts` file resolves to `./x.ts`. @swc/core
// strips the types of `.ts` files. Register the hooks with `register-hooks.mjs`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import swc from "@swc/core";

const REPOSITORY = new URL("../../../../", import.meta.url);
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
