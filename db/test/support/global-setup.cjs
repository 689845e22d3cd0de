// Jest global setup of the db project. It starts one embedded PostgreSQL server for the whole
// run, unless DATABASE_URL names a server to use instead, and passes the admin URL to the test
// files in CALLFLOW_TEST_ADMIN_URL. Jest's workers start after this and inherit the environment.
// Each test file creates its own database there (test/support/test-database.ts).
const { chmodSync, mkdtempSync } = require("node:fs");
const { register } = require("node:module");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { pathToFileURL } = require("node:url");

module.exports = async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.CALLFLOW_TEST_ADMIN_URL = process.env.DATABASE_URL;
    return;
  }

  const started = Date.now();
  const parent = mkdtempSync(path.join(tmpdir(), "callflow-db-test-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);

  // Jest loads this file with Node's own resolver, which cannot load the package's TypeScript
  // sources; the hooks registered here can.
  register(pathToFileURL(path.join(__dirname, "typescript-loader.mjs")));
  const { startEmbeddedPostgres } = await import(pathToFileURL(path.join(__dirname, "..", "..", "src", "embedded.ts")).href);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(parent, "data"),
    // Durability is of no use for throwaway test data, and these make writes much cheaper.
    settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "200" },
  });

  globalThis.__callflowTestPostgres = { server, parent };
  process.env.CALLFLOW_TEST_ADMIN_URL = server.adminUrl;
  if (process.env.CALLFLOW_TEST_TIMING) {
    console.log(`\ndb tests: embedded PostgreSQL ready in ${Date.now() - started} ms`);
  }
};
