import { z } from "zod";

/** SQL drivers: PostgreSQL (`pg`), MySQL and MariaDB (`mysql2`), SQL Server (`mssql`), Oracle (`oracledb` in thin mode). */
export const DATABASE_DRIVERS = ["postgres", "mysql", "sqlserver", "oracle"] as const;

export type DatabaseDriverName = (typeof DATABASE_DRIVERS)[number];

/** Port each driver's server listens on unless the settings name another. */
export const DEFAULT_PORTS: Readonly<Record<DatabaseDriverName, number>> = { postgres: 5432, mysql: 3306, sqlserver: 1433, oracle: 1521 };

const sslSchema = z.strictObject({
  /** Verify the server's certificate against `ca` or the system's roots and the host name. Default true. */
  rejectUnauthorized: z.boolean().default(true),
  /** PEM certificates of a private certificate authority that signed the server's certificate. */
  ca: z.string().max(65_536).optional(),
});

/**
 * Settings of a `database` connector. The user name and password are not settings: the
 * connector names a basic secret (`{ username, password }`) of the tenant.
 *
 * @example
 * { "driver": "postgres", "host": "core.bank.example", "database": "banking", "ssl": { "rejectUnauthorized": true } }
 */
export const databaseConnectorSettingsSchema = z.strictObject({
  driver: z.enum(DATABASE_DRIVERS, { error: `a driver: ${DATABASE_DRIVERS.join(", ")}` }),
  /** Host name or IP address of the database server. */
  host: z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*|[A-Za-z0-9.-]{1,253})$/, "a host name or IP address such as core.bank.example"),
  /** Default: the driver's usual port (5432, 3306, 1433 or 1521). */
  port: z.number().int().min(1).max(65_535).optional(),
  /** Database name; for Oracle, the service name such as FREEPDB1. */
  database: z.string().min(1).max(128),
  /** TLS to the server; absent or false for a plain connection. Default false. */
  ssl: z.union([z.literal(false), sslSchema]).default(false),
  /** Connections kept open per runtime process, from 1 to 50. Default 5. */
  poolSize: z.number().int().min(1).max(50).default(5),
  /** Limit of opening one connection in milliseconds, from 100 ms to 60 s. Default 5,000. */
  connectTimeoutMs: z.number().int().min(100).max(60_000).default(5000),
});

export type DatabaseConnectorSettings = z.output<typeof databaseConnectorSettingsSchema>;
