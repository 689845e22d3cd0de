import { spawnSync } from "node:child_process";
import path from "node:path";

import { REPO_ROOT } from "./support/run-cli.js";

// The one test that runs the real command: the bin shim, the ESM build in dist/ and the process
// exit code. It builds first, so it never skips for want of a build.
describe("callflow bin", () => {
  beforeAll(() => {
    const tsc = path.join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc");
    const build = spawnSync(process.execPath, [tsc, "-b", "runtime/tsconfig.build.json"], { cwd: REPO_ROOT, encoding: "utf8" });

    if (build.status !== 0) throw new Error(`tsc -b runtime/tsconfig.build.json failed, so the bin cannot be tested:\n${build.stdout}${build.stderr}`);
  }, 120_000);

  it("validates through the built bin", () => {
    const result = spawnSync(process.execPath, ["runtime/bin/callflow.cjs", "validate", "examples/bank-hotline/flow.json"], { cwd: REPO_ROOT, encoding: "utf8" });

    expect(result.stdout).toContain("examples/bank-hotline/flow.json: valid, no problems");
    expect(result.status).toBe(0);
  });

  it("exits 2 on a wrong command line", () => {
    const result = spawnSync(process.execPath, ["runtime/bin/callflow.cjs", "run", "--speed", "2"], { cwd: REPO_ROOT, encoding: "utf8" });

    expect(result.stderr).toContain('callflow: unknown option --speed for "callflow run"');
    expect(result.status).toBe(2);
  });
});
