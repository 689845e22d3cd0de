// The studio bundles the SDK for the browser, so nothing reachable from its entry point may import
// a Node.js built-in module, directly or through a dependency. Built-ins are marked external
// here so that the bundle still builds and the metafile lists every place that imports one.
// NOTE: only imports are checked; a use of a Node.js global such as `process` or `Buffer` passes.
import { build, type Metafile } from "esbuild";
import { builtinModules } from "node:module";
import path from "node:path";

const ENTRY = path.resolve(__dirname, "../src/index.ts");

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith("node:") || builtinModules.includes(specifier);
}

/** Lists each import of a Node.js built-in as "importing file -> module". */
function builtinImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([file, input]) =>
    input.imports.filter((imported) => isNodeBuiltin(imported.path)).map((imported) => `${file} -> ${imported.path}`),
  );
}

describe("sdk browser bundle", () => {
  let metafile: Metafile;

  beforeAll(async () => {
    const result = await build({
      entryPoints: [ENTRY],
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
      external: ["node:*", ...builtinModules],
    });

    metafile = result.metafile;
  });

  test("includes the sdk entry point", () => {
    const inputs = Object.keys(metafile.inputs);

    expect(inputs).toContain(path.relative(process.cwd(), ENTRY));
  });

  test("bundles the sdk dependencies", () => {
    const inputs = Object.keys(metafile.inputs);

    expect(inputs.some((file) => file.includes("node_modules/jsonata/"))).toBe(true);
    expect(inputs.some((file) => file.includes("node_modules/zod/"))).toBe(true);
  });

  test("imports no node built-in module", () => {
    const imports = builtinImports(metafile);

    expect(imports).toEqual([]);
  });
});
