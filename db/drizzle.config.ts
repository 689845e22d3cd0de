// drizzle-kit settings: `npm run generate --workspace @callflow/db` writes a SQL migration for
// schema changes into migrations/ (offline; it compares with the snapshots in migrations/meta).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema/index.ts",
  out: "./migrations",
});
