import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import pg from "pg";

import { migrate, MIGRATIONS_FOLDER } from "../src/migrate.js";
import { MIGRATION_SEEDS } from "./support/migration-seeds.js";
import { createEmptyDatabase } from "./support/test-database.js";

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

const JOURNAL = JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
const TAGS = JOURNAL.entries.map((entry) => entry.tag);

const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) {
    await cleanup();
  }
});

/** Copies the first `count` migrations into a new folder and returns its path. */
function migrationsUpTo(count: number): string {
  const folder = mkdtempSync(path.join(tmpdir(), "callflow-migrations-"));
  const entries = JOURNAL.entries.slice(0, count);

  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  cpSync(path.join(MIGRATIONS_FOLDER, "meta"), path.join(folder, "meta"), { recursive: true });
  writeFileSync(path.join(folder, "meta", "_journal.json"), JSON.stringify({ ...JOURNAL, entries }));
  for (const entry of entries) {
    cpSync(path.join(MIGRATIONS_FOLDER, `${entry.tag}.sql`), path.join(folder, `${entry.tag}.sql`));
  }
  return folder;
}

async function newDatabase(): Promise<string> {
  const database = await createEmptyDatabase();

  cleanups.push(database.drop);
  return database.url;
}

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });

  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

/** Row counts of every table in the public schema. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const tables = await query<{ name: string }>(url, "select tablename as name from pg_tables where schemaname = 'public' order by 1");
  const counts: Record<string, number> = {};

  for (const { name } of tables) {
    const [row] = await query<{ count: number }>(url, `select count(*)::int as count from ${pg.escapeIdentifier(name)}`);
    counts[name] = row.count;
  }
  return counts;
}

function appliedCount(url: string): Promise<{ count: number }[]> {
  return query(url, "select count(*)::int as count from drizzle.__drizzle_migrations");
}

describe("migrations", () => {
  it("have journal times that increase", () => {
    // The migrator applies only migrations newer than the last one applied, by these times, so
    // a migration generated on a machine with a slow clock would be skipped silently.
    const times = JOURNAL.entries.map((entry) => entry.when);

    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(new Set(times).size).toBe(times.length);
  });

  it("have one SQL file per journal entry", () => {
    const files = readdirSync(MIGRATIONS_FOLDER).filter((name) => name.endsWith(".sql"));

    expect(files.sort()).toEqual(TAGS.map((tag) => `${tag}.sql`));
  });

  it("apply to an empty database", async () => {
    const url = await newDatabase();

    await migrate(url);

    expect(await appliedCount(url)).toEqual([{ count: TAGS.length }]);
    expect(Object.keys(await rowCounts(url))).toContain("tenants");
  });

  it("apply again as a no-op", async () => {
    const url = await newDatabase();
    await migrate(url);

    await migrate(url);

    expect(await appliedCount(url)).toEqual([{ count: TAGS.length }]);
  });

  it("apply to two databases at once", async () => {
    // The roles are cluster-wide, so both runs race to create them.
    const urls = [await newDatabase(), await newDatabase()];

    await Promise.all(urls.map((url) => migrate(url)));

    expect(await Promise.all(urls.map(appliedCount))).toEqual([[{ count: TAGS.length }], [{ count: TAGS.length }]]);
  });

  const steps = TAGS.slice(1).map((tag, index) => ({ tag, previous: TAGS[index], applied: index + 1 }));

  it.each(steps)("$tag applies to a database at $previous with its rows", async ({ applied }) => {
    const url = await newDatabase();
    await migrate(url, { migrationsFolder: migrationsUpTo(applied) });
    const seedTag = TAGS.slice(0, applied).filter((tag) => tag in MIGRATION_SEEDS).at(-1);
    if (seedTag) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await MIGRATION_SEEDS[seedTag](client).finally(() => client.end());
    }
    const before = await rowCounts(url);

    await migrate(url, { migrationsFolder: migrationsUpTo(applied + 1) });

    const after = await rowCounts(url);
    expect(Object.fromEntries(Object.entries(after).filter(([table]) => table in before))).toEqual(before);
  });
});

describe("schema and migrations", () => {
  it("agree: drizzle-kit finds nothing to generate", () => {
    const out = mkdtempSync(path.join(tmpdir(), "callflow-drizzle-check-"));
    cleanups.push(() => rmSync(out, { recursive: true, force: true }));
    cpSync(MIGRATIONS_FOLDER, out, { recursive: true });
    const packageRoot = path.join(__dirname, "..");
    // drizzle-kit puts "./" in front of --out, so it takes a relative path only.
    const outFromPackage = path.relative(packageRoot, out);
    const drizzleKit = path.join(path.dirname(require.resolve("drizzle-kit", { paths: [packageRoot] })), "bin.cjs");

    const result = spawnSync(process.execPath, [drizzleKit, "generate", "--dialect", "postgresql", "--schema", "./src/schema/index.ts", "--out", outFromPackage], {
      cwd: packageRoot,
      encoding: "utf8",
    });

    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("No schema changes, nothing to migrate");
    expect(readdirSync(out).sort()).toEqual(readdirSync(MIGRATIONS_FOLDER).sort());
  });
});
