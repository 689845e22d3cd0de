// Node.js module hooks that let a plain `node` process run this repository's TypeScript sources,
// for the processes that Jest does not load: the global setup's server start and the child
// processes of the multi-process tests. Sources are ESM with `./x.js` imports of `./x.ts` files,
// as `tsc` expects, so `resolve` maps a missing `.js` to its `.ts` and `load` strips the types
// with @swc/core. Register it with `register-typescript.mjs`.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

import swc from "@swc/core";

export async function resolve(specifier, context, nextResolve) {
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
