import { randomBytes } from "node:crypto";

import pg from "pg";

import { createStoreTestDatabase } from "../../../store/support/test-postgres.js";

/** A database of its own on the test PostgreSQL server, owned by a role without superuser rights. */
export interface PostgresTestDatabase {
  readonly port: number;
  readonly database: string;
  /** The role the connector logs in as. */
  readonly user: string;
  readonly password: string;
  /** Superuser connections, for arranging tables and checking results. */
  readonly admin: pg.Pool;
  drop(): Promise<void>;
}

/**
 * Creates a database on the server that the Jest global setup started (or a server of its own,
 * as createStoreTestDatabase does), and a login role that owns it and is not a superuser.
 */
export async function createPostgresTestDatabase(): Promise<PostgresTestDatabase> {
  const store = await createStoreTestDatabase();
  const url = new URL(store.url);
  const user = `callflow_sql_${randomBytes(4).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");
  const database = url.pathname.slice(1);

  // Identifiers and the password come from hex and base64url characters only, so they are safe to quote.
  await store.owner.query(`create role ${user} login nosuperuser nocreatedb nocreaterole password '${password}'`);
  await store.owner.query(`create schema bank authorization ${user}`);
  await store.owner.query(`grant connect on database ${database} to ${user}`);
  await store.owner.query(`alter role ${user} set search_path = bank`);

  // Stopping the server ends connections that pg-pool is still closing; that error is expected then.
  store.owner.on("error", (error: Error & { code?: string }) => {
    if (error.code !== "57P01") throw error;
  });

  return {
    port: Number(url.port),
    database,
    user,
    password,
    admin: store.owner,
    drop: async () => {
      // DROP OWNED removes the role's schema and its grant on the database, so the role can go.
      await store.owner.query(`drop owned by ${user}`);
      await store.owner.query(`drop role ${user}`);
      await store.drop();
    },
  };
}
