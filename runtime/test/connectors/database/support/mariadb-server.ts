import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

import mysql from "mysql2/promise";

const MARIADBD = "/usr/sbin/mariadbd";
const INSTALL_DB = "mariadb-install-db";

/** A throwaway MariaDB server on 127.0.0.1 with its own data folder, for one test file. */
export interface MariaDbServer {
  readonly port: number;
  /** Runs statements as root over the server's Unix socket. */
  admin(sql: string, values?: unknown[]): Promise<unknown>;
  /** Stops the server and removes its data folder. */
  stop(): Promise<void>;
}

/**
 * Creates a data folder with mariadb-install-db and starts mariadbd on a free port of 127.0.0.1,
 * with grant tables on so that passwords are checked. Needs Debian's mariadb-server package,
 * which scripts/test-prerequisites.mjs installs. Takes about 4 s, most of it the install step.
 */
export async function startMariaDb(): Promise<MariaDbServer> {
  const folder = mkdtempSync(path.join(tmpdir(), "callflow-mariadb-test-"));
  const dataDir = path.join(folder, "data");
  const socketPath = path.join(folder, "mysqld.sock");
  const install = spawnSync(INSTALL_DB, ["--no-defaults", `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--user=root", "--skip-test-db"], { encoding: "utf8" });

  if (install.status !== 0) throw new Error(`${INSTALL_DB} failed with exit code ${install.status}:\n${install.stdout}\n${install.stderr}`);
  const port = await freePort();
  const server = spawn(
    MARIADBD,
    [
      "--no-defaults",
      `--datadir=${dataDir}`,
      `--socket=${socketPath}`,
      `--port=${port}`,
      "--bind-address=127.0.0.1",
      "--user=root",
      `--pid-file=${path.join(folder, "mysqld.pid")}`,
      "--skip-log-bin",
      "--skip-name-resolve",
      "--innodb-buffer-pool-size=16M",
      `--log-error=${path.join(folder, "server.log")}`,
    ],
    { stdio: "ignore" },
  );
  const root = await waitForServer(server, socketPath, path.join(folder, "server.log"));

  return {
    port,
    admin: async (sql, values) => (await root.query(sql, values))[0],
    stop: async () => {
      await root.end();
      server.kill("SIGTERM");
      await exited(server);
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();

  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };

  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// Polls the Unix socket until the server takes connections, for up to 30 s.
async function waitForServer(server: ChildProcess, socketPath: string, logFile: string): Promise<mysql.Pool> {
  const deadline = Date.now() + 30_000;

  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`mariadbd exited with code ${server.exitCode}:\n${readLog(logFile)}`);
    const pool = mysql.createPool({ socketPath, user: "root", connectionLimit: 2 });

    try {
      await pool.query("select 1");
      return pool;
    } catch {
      await pool.end();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  server.kill("SIGTERM");
  throw new Error(`mariadbd did not take connections within 30 s:\n${readLog(logFile)}`);
}

function readLog(file: string): string {
  try {
    return readFileSync(file, "utf8").slice(-2000);
  } catch {
    return "(no log)";
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}
