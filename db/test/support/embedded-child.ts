// Child process of the embedded server test: starts the server on the folder given as the first
// argument, adds one row to a table of its own, and prints what it saw as JSON before stopping.
import pg from "pg";

import { startEmbeddedPostgres } from "../../src/embedded.js";

const server = await startEmbeddedPostgres({ dataDir: process.argv[2], settings: { fsync: "off" } });
const client = new pg.Client({ connectionString: server.url });

try {
  await client.connect();
  await client.query("create table if not exists starts (at timestamptz not null default now())");
  await client.query("insert into starts default values");

  const starts = await client.query("select count(*)::int as count from starts");
  const listen = await client.query("show listen_addresses");
  const migrated = await client.query("select to_regclass('public.tenants') is not null as migrated");

  console.log(
    JSON.stringify({
      created: server.created,
      url: server.url,
      starts: starts.rows[0].count,
      listenAddresses: listen.rows[0].listen_addresses,
      migrated: migrated.rows[0].migrated,
    }),
  );
} finally {
  await client.end();
  await server.stop();
}
