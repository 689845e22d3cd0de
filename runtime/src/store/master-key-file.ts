import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { parseMasterKey } from "@callflow/db";

/**
 * Returns the master key of CALLFLOW_MASTER_KEY when set, else the one in `<dataDir>/master.key`,
 * which the first start creates with 32 random bytes. Losing the file makes the tenants'
 * encrypted values unreadable, so back it up with the database.
 */
export async function loadOrCreateMasterKey(dataDir: string, value: string | undefined): Promise<Buffer> {
  if (value !== undefined) return parseMasterKey(value);

  const file = path.join(dataDir, "master.key");
  if (existsSync(file)) return parseMasterKey((await readFile(file, "utf8")).trim());

  const key = randomBytes(32);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  return key;
}
