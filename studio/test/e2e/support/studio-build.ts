import path from "node:path";

import * as studioBuild from "../../../scripts/studio-build.cjs";

export const STUDIO_DIR = studioBuild.STUDIO_DIR;
export const REPOSITORY_DIR = path.resolve(STUDIO_DIR, "..");
export const NEXT_BIN = studioBuild.NEXT_BIN;

/** Build folder of the end-to-end tests, apart from the `.next` that npm start serves. */
export const E2E_DIST_DIR = ".next-e2e";

/** Returns the API port that the cached test build rewrites /api to, or undefined without a build. */
export function builtApiPort(): number | undefined {
  return studioBuild.builtApiPort(E2E_DIST_DIR);
}

/** Builds the studio for the tests with /api rewritten to `apiPort`, unless the cached build is current. */
export function ensureStudioBuild(apiPort: number): void {
  studioBuild.ensureStudioBuild(E2E_DIST_DIR, apiPort);
}
