import { createHash } from "node:crypto";

import type { SqlRequest, SqlRequestContext, SqlResult, SqlService } from "@callflow/nodes";
import { silentLogger, type Logger } from "@callflow/sdk";

import { formatHostPort } from "../../egress/egress-error.js";
import type { EgressGuard } from "../../egress/egress-guard.js";
import { requireConnector, type Connector, type ConnectorDirectory } from "../connector-directory.js";
import type { SecretStore } from "../secrets.js";
import type { DatabaseDriver, DatabasePool, PoolTarget } from "./database-driver.js";
import { databaseConnectorSettingsSchema, DEFAULT_PORTS, type DatabaseConnectorSettings, type DatabaseDriverName } from "./database-settings.js";
import { mysqlDriver } from "./mysql-driver.js";
import { oracleDriver } from "./oracle-driver.js";
import { postgresDriver } from "./postgres-driver.js";
import { toJsonRow } from "./json-values.js";
import { connectorErrorFor, SqlConnectorError } from "./sql-errors.js";
import { sqlServerDriver } from "./sqlserver-driver.js";

/** Options of a {@link GuardedSqlService}. */
export interface GuardedSqlServiceOptions {
  readonly guard: EgressGuard;
  readonly connectors: ConnectorDirectory;
  readonly secrets: SecretStore;
  /** Drivers by name. Default: pg, mysql2, mssql and oracledb, each loaded on first use. */
  readonly drivers?: Partial<Record<DatabaseDriverName, DatabaseDriver>>;
  /** Logger for pools, which outlive any one call. Default silent. */
  readonly log?: Logger;
}

interface PoolEntry {
  /** Hash of the settings and credentials the pool was opened with. */
  readonly key: string;
  readonly target: string;
  readonly pool: Promise<DatabasePool>;
}

const DEFAULT_DRIVERS: Record<DatabaseDriverName, DatabaseDriver> = {
  postgres: postgresDriver,
  mysql: mysqlDriver,
  sqlserver: sqlServerDriver(),
  oracle: oracleDriver(),
};

/**
 * The runtime's {@link SqlService} for one tenant. It keeps one pool per database connector,
 * opened on the connector's first query at the address the egress guard checked, and opens a new
 * one when the connector's settings or credentials change. Results come back as JSON values.
 */
export class GuardedSqlService implements SqlService {
  private readonly pools = new Map<string, PoolEntry>();
  private readonly drivers: Record<DatabaseDriverName, DatabaseDriver>;
  private readonly log: Logger;

  constructor(private readonly options: GuardedSqlServiceOptions) {
    this.drivers = { ...DEFAULT_DRIVERS, ...options.drivers };
    this.log = options.log ?? silentLogger;
  }

  async query(request: SqlRequest, context: SqlRequestContext): Promise<SqlResult> {
    const connector = await requireConnector(this.options.connectors, request.connector, "database");
    const settings = parseSettings(connector);
    const driver = this.drivers[settings.driver];
    const entry = await this.poolFor(connector, settings, context.signal);
    const pool = await entry.pool;
    let result: SqlResult;

    // NOTE: a hang-up does not cancel a running query; it ends at the node's timeoutMs at the latest.
    try {
      result = await pool.run(request, context.log);
    } catch (error) {
      if (error instanceof SqlConnectorError) throw error;
      const failure = driver.describeFailure(error);

      throw connectorErrorFor(connector.name, entry.target, { ...failure, detail: withoutValues(failure.detail, request) }, request.timeoutMs, error);
    }
    return { ...result, rows: result.rows.map(toJsonRow), out: toJsonRow(result.out) };
  }

  /** Closes every pool; queries in flight fail. */
  async close(): Promise<void> {
    const entries = [...this.pools.values()];

    this.pools.clear();
    await Promise.all(entries.map((entry) => closePool(entry, this.log)));
  }

  // Everything after the credentials are read runs without a pause until the entry is in the
  // map, so concurrent first queries share one pool.
  private async poolFor(connector: Connector, settings: DatabaseConnectorSettings, signal: AbortSignal): Promise<PoolEntry> {
    const credentials = await this.readCredentials(connector);
    const key = createHash("sha256").update(JSON.stringify([settings, credentials.username, credentials.password])).digest("hex");
    const existing = this.pools.get(connector.name);

    if (existing?.key === key) return existing;
    if (existing !== undefined) void closePool(existing, this.log);

    const port = settings.port ?? DEFAULT_PORTS[settings.driver];
    const entry: PoolEntry = { key, target: formatHostPort(settings.host, port), pool: this.openPool(connector, settings, port, credentials, key, signal) };

    this.pools.set(connector.name, entry);
    return entry;
  }

  private async openPool(
    connector: Connector,
    settings: DatabaseConnectorSettings,
    port: number,
    credentials: { username: string; password: string },
    key: string,
    signal: AbortSignal,
  ): Promise<DatabasePool> {
    const driver = this.drivers[settings.driver];
    let target: PoolTarget | undefined;

    try {
      const destination = await this.options.guard.resolve(settings.host, port, signal);

      target = {
        host: destination.host,
        address: destination.address,
        port,
        database: settings.database,
        user: credentials.username,
        password: credentials.password,
        ssl: settings.ssl,
        poolSize: settings.poolSize,
        connectTimeoutMs: settings.connectTimeoutMs,
      };
      const pool = await driver.createPool(target);

      this.log.info({ connector: connector.name, driver: settings.driver, address: target.address, port }, "database pool opened");
      return pool;
    } catch (error) {
      // The next query tries again instead of reusing the failed pool.
      if (this.pools.get(connector.name)?.key === key) this.pools.delete(connector.name);
      // Egress and lookup errors already name the destination and the fix.
      if (target === undefined) throw error;
      throw connectorErrorFor(connector.name, formatHostPort(target.host, port), driver.describeFailure(error), settings.connectTimeoutMs, error);
    }
  }

  private async readCredentials(connector: Connector): Promise<{ username: string; password: string }> {
    if (connector.secret === undefined) {
      throw new SqlConnectorError("sql-secret-invalid", connector.name, "names no secret; a tenant admin must give it a basic secret with the database user name and password");
    }
    const secret = await this.options.secrets.read(connector.secret);

    if (secret === undefined) throw new SqlConnectorError("sql-secret-invalid", connector.name, `secret "${connector.secret}" is not found; a tenant admin must add it`);
    if (secret.type !== "basic") {
      throw new SqlConnectorError("sql-secret-invalid", connector.name, `secret "${connector.secret}" is a ${secret.type} secret; a database needs a basic secret with user name and password`);
    }
    return { username: secret.username, password: secret.password };
  }
}

function parseSettings(connector: Connector): DatabaseConnectorSettings {
  const parsed = databaseConnectorSettingsSchema.safeParse(connector.settings);

  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join(".") || "settings"}: ${issue.message}`).join("; ");

  throw new SqlConnectorError("sql-settings-invalid", connector.name, `has invalid settings (${issues}); a tenant admin must correct them`);
}

async function closePool(entry: PoolEntry, log: Logger): Promise<void> {
  try {
    await (await entry.pool).close();
  } catch (error) {
    // A pool that never opened has nothing to close.
    log.debug({ err: error, target: entry.target }, "database pool closed with an error");
  }
}

// Servers quote offending values in their messages, such as `invalid input syntax for type
// integer: "0912345678"`, and parameters often carry account numbers, so the node's trace shows
// the parameter's name instead. Values shorter than 3 characters stay, since they reveal little.
function withoutValues(detail: string, request: SqlRequest): string {
  const values = request.mode === "statement" ? Object.entries(request.parameters) : request.arguments.map((argument) => [argument.name, argument.value] as const);
  let redacted = detail;

  for (const [name, value] of values) {
    const text = value === null || value === undefined ? "" : String(value);

    if (text.length >= 3) redacted = redacted.split(text).join(`<value of :${name}>`);
  }
  return redacted;
}
