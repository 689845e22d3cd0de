export * from "./schema/index.js";
export * from "./permissions.js";
export { migrate, MIGRATIONS_FOLDER } from "./migrate.js";
export { startEmbeddedPostgres, DEFAULT_EMBEDDED_DATA_DIR, type EmbeddedPostgres, type EmbeddedPostgresOptions } from "./embedded.js";
