import type pg from "pg";

/**
 * Runs `statements` in one transaction with the `set local` settings given, and sends them all
 * in one simple-protocol message, so the transaction costs one round trip instead of one per
 * statement. Returns the result of the last statement.
 *
 * The simple protocol takes no bind parameters: callers may inline only values they have
 * checked against a strict pattern, such as UUIDs, channel kinds and digit strings.
 */
export async function runInOneRoundTrip(pool: pg.Pool, settings: string[], statements: string[]): Promise<pg.QueryResult> {
  const client = await pool.connect();
  const text = ["begin", ...settings.map((setting) => `set local ${setting}`), ...statements, "commit"].join(";\n");

  try {
    const results = (await client.query(text)) as unknown as pg.QueryResult[];

    client.release();
    return results[results.length - 2];
  } catch (error) {
    // After a failed statement the connection is inside an aborted transaction, so it is closed
    // rather than returned to the pool.
    client.release(error as Error);
    throw error;
  }
}
