// Runs the studio's browser benchmark with the root Jest setup (TypeScript transform, workspace
// mapping), apart from the tests: `npm run bench --workspace @callflow/studio`.
const path = require("node:path");

const root = require("../../jest.config.cjs");
const studio = root.projects.find((project) => project.displayName === "studio");

module.exports = {
  ...studio,
  displayName: "studio-bench",
  testMatch: ["<rootDir>/bench/**/*.bench.ts"],
  testTimeout: 30 * 60_000,
  rootDir: path.join(__dirname, ".."),
};
