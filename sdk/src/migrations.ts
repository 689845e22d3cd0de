import { CURRENT_SCHEMA_VERSION } from "./document.js";

/**
 * Document migrations: the function at index N-1 turns a version N document into version N+1.
 * Empty while version 1 is the only version; add one function per schema change.
 */
export const DOCUMENT_MIGRATIONS: ReadonlyArray<(document: Record<string, unknown>) => Record<string, unknown>> = [];

/** Result of {@link migrateDocument}. */
export type MigrationResult =
  | { ok: true; document: Record<string, unknown>; fromVersion: number }
  | { ok: false; found: unknown };

/**
 * Brings a raw document up to {@link CURRENT_SCHEMA_VERSION}. A document without a version, or
 * with one newer than this SDK, is returned as not migratable.
 */
export function migrateDocument(raw: Record<string, unknown>): MigrationResult {
  const found = raw.schemaVersion;

  if (typeof found !== "number" || !Number.isInteger(found) || found < 1 || found > CURRENT_SCHEMA_VERSION) {
    return { ok: false, found };
  }
  let document = raw;

  for (let version = found; version < CURRENT_SCHEMA_VERSION; version++) {
    document = DOCUMENT_MIGRATIONS[version - 1](document);
  }
  return { ok: true, document, fromVersion: found };
}
