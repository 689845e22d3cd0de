// One Jest run over every package. @swc/jest turns TypeScript into CommonJS; the mapper points
// workspace imports at their sources and strips the `.js` suffix of ESM-style relative imports.
const shared = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" }, module: { type: "commonjs" } }] },
  moduleNameMapper: {
    "^@callflow/sdk$": "<rootDir>/../sdk/src/index.ts",
    "^@callflow/nodes$": "<rootDir>/../nodes/src/index.ts",
    "^@callflow/nodes/specs$": "<rootDir>/../nodes/src/specs.ts",
    "^@callflow/runtime$": "<rootDir>/../runtime/src/index.ts",
    "^@callflow/db$": "<rootDir>/../db/src/index.ts",
    "^(\\.{1,2}/.*)\\.js$": "$1",
  },
  testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
};

function project(name, settings = {}) {
  return { ...shared, displayName: name, rootDir: require("node:path").join(__dirname, name), ...settings };
}

module.exports = {
  projects: [
    ...["sdk", "nodes", "runtime", "examples"].map((name) => project(name)),
    // The db tests share one PostgreSQL server per run, started by the global setup.
    project("db", {
      globalSetup: "<rootDir>/test/support/global-setup.cjs",
      globalTeardown: "<rootDir>/test/support/global-teardown.cjs",
      setupFilesAfterEnv: ["<rootDir>/test/support/jest-setup.ts"],
    }),
    // The studio: its message catalogues, and browser tests against a built studio and a running API.
    project("studio", { testTimeout: 300_000 }),
  ],
  reporters: ["default", require("node:path").join(__dirname, "scripts/jest-summary-reporter.cjs")],
};
