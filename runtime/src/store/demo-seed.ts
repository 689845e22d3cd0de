import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

import {
  calendars,
  createFlow,
  createUser,
  phoneNumbers,
  prompts,
  publishDraft,
  type CallflowDatabase,
  type FlowKind,
  type TenantScope,
} from "@callflow/db";
import { silentLogger, type Logger } from "@callflow/sdk";
import { eq } from "drizzle-orm";

import { FileDirectory } from "../directory/file-directory.js";
import { createDemoCoreBanking, defineCoreBankingConnector, type DemoCoreBanking } from "./demo-core-banking.js";
import { RUNTIME_ACTOR } from "./runtime-actor.js";

/** Options of {@link seedDemoTenant}. */
export interface DemoSeedOptions {
  /** Folder with `directory.yaml` and a folder per flow, such as the repository's `examples/`. */
  examplesDir: string;
  /** Login of the tenant admin. Default `admin`. */
  adminLogin?: string;
  /** Password of the tenant admin. Default: 18 random characters. */
  adminPassword?: string;
  /** IANA time zone stored with the calendars. Default `Asia/Taipei`, the examples' zone. */
  timeZone?: string;
  /**
   * URL of a PostgreSQL user that may create roles and databases, on whose server the demo bank's
   * core-banking database is created for the `core-banking` connector. Default: no demo bank, so
   * the bank hotline's balance lookup fails.
   */
  coreBankingAdminUrl?: string;
  logger?: Logger;
}

/** The tenant, admin and numbers that {@link seedDemoTenant} created. */
export interface DemoSeed {
  tenantId: string;
  tenantName: string;
  adminUserId: string;
  adminLogin: string;
  adminPassword: string;
  /** Each called number with the name and id of its flow. */
  numbers: Array<{ number: string; flow: string; flowId: string }>;
  /** Name of the demo bank's database, when it was created. */
  coreBankingDatabase?: string;
}

interface Library {
  flows: Map<string, unknown>;
  subflows: Map<string, unknown>;
  prompts: Map<string, { languages: Record<string, { uri?: string; text?: string }> }>;
  calendars: Map<string, unknown>;
}

/**
 * Creates the demo tenant of the examples, named by the directory file. It adds an admin user and
 * every flow of the directory with its subflows, prompts and calendars, publishes each flow as
 * version 1, and points the directory's numbers at their flows. The work runs in one platform
 * and one tenant transaction, so a failure in the second leaves a tenant without flows or users.
 *
 * NOTE: the prompts table stores either a recording's URI or a text per language, so a
 * recorded prompt keeps its URI and loses its transcript.
 */
export async function seedDemoTenant(db: CallflowDatabase, options: DemoSeedOptions): Promise<DemoSeed> {
  const directory = FileDirectory.load(path.join(options.examplesDir, "directory.yaml"));
  const entries = directory.list();
  const tenantName = entries[0]?.tenantId ?? "demo";
  const library = readLibrary(directory);
  const adminLogin = options.adminLogin ?? "admin";
  const adminPassword = options.adminPassword ?? randomBytes(14).toString("base64url");
  const bank = await createCoreBankingOrWarn(options);
  const tenant = await db.withPlatform(RUNTIME_ACTOR, async (platform) => {
    const created = await platform.createTenant({ name: tenantName, defaultLocale: "zh-Hant" });

    for (const entry of entries) await platform.assignNumber(created.id, entry.number);
    return created;
  });

  const { adminUserId, flowIds } = await db.withTenant(tenant.id, async (scope) => {
    const admin = await createUser(scope, { login: adminLogin, displayName: "Demo admin", password: adminPassword, roles: ["tenant-admin"] });
    const ids = new Map<string, string>();

    if (bank !== undefined) await defineCoreBankingConnector(scope, { userId: admin.id }, bank);
    await insertPrompts(scope, library.prompts);
    await insertCalendars(scope, library.calendars, options.timeZone ?? "Asia/Taipei");
    // Subflows first: every version of this transaction has the same publish time, and a
    // subflow resolves to its version published at or before its caller's.
    for (const [name, document] of [...library.subflows, ...library.flows]) {
      ids.set(name, await publishFlow(scope, name, document, admin.id));
    }
    for (const entry of entries) {
      await scope.tx
        .update(phoneNumbers)
        .set({ flowId: ids.get(entry.flow)!, callerId: entry.callerId ?? null })
        .where(eq(phoneNumbers.number, entry.number));
    }
    return { adminUserId: admin.id, flowIds: ids };
  });

  return {
    tenantId: tenant.id,
    tenantName,
    adminUserId,
    adminLogin,
    adminPassword,
    numbers: entries.map((entry) => ({ number: entry.number, flow: entry.flow, flowId: flowIds.get(entry.flow)! })),
    coreBankingDatabase: bank?.database,
  };
}

// A server whose user may not create roles or databases still gets the rest of the demo.
async function createCoreBankingOrWarn(options: DemoSeedOptions): Promise<DemoCoreBanking | undefined> {
  if (options.coreBankingAdminUrl === undefined) return undefined;
  try {
    return await createDemoCoreBanking(options.coreBankingAdminUrl, options.examplesDir);
  } catch (error) {
    (options.logger ?? silentLogger).warn({ err: error }, "could not create the demo bank's core-banking database; the bank hotline's balance lookup will fail");
    return undefined;
  }
}

async function publishFlow(scope: TenantScope, name: string, document: unknown, authorId: string): Promise<string> {
  const kind = (document as { kind: FlowKind }).kind;
  const draft = await createFlow(scope, { name, kind, document, authorId });
  const compiledHash = `sha256:${createHash("sha256").update(JSON.stringify(document)).digest("hex")}`;

  await publishDraft(scope, { flowId: draft.flowId, draftVersion: draft.version, compiledHash, authorId, note: "Seeded from the examples" });
  return draft.flowId;
}

async function insertPrompts(scope: TenantScope, entries: Library["prompts"]): Promise<void> {
  for (const [name, entry] of entries) {
    for (const [language, media] of Object.entries(entry.languages)) {
      const row = media.uri ? { kind: "audio" as const, audioUri: media.uri } : { kind: "tts" as const, ttsText: media.text ?? "" };

      await scope.tx.insert(prompts).values({ tenantId: scope.tenantId, name, language, ...row });
    }
  }
}

async function insertCalendars(scope: TenantScope, entries: Library["calendars"], timeZone: string): Promise<void> {
  for (const [name, definition] of entries) {
    await scope.tx.insert(calendars).values({ tenantId: scope.tenantId, name, timeZone, definition });
  }
}

// Reads each directory flow's folder. Two folders may hold a subflow, prompt or calendar of the
// same name only with the same content, since the tenant has one of each name.
function readLibrary(directory: FileDirectory): Library {
  const library: Library = { flows: new Map(), subflows: new Map(), prompts: new Map(), calendars: new Map() };

  for (const entry of directory.list()) {
    const folder = path.dirname(directory.flowFile(entry));

    library.flows.set(entry.flow, readJson(directory.flowFile(entry)));
    addFolder(library.subflows, path.join(folder, "flows"));
    addFolder(library.prompts as Map<string, unknown>, path.join(folder, "prompts"));
    addFolder(library.calendars, path.join(folder, "calendars"));
  }
  return library;
}

function addFolder(target: Map<string, unknown>, folder: string): void {
  if (!existsSync(folder)) return;

  for (const file of readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
    const name = file.slice(0, -".json".length);
    const value = readJson(path.join(folder, file));
    const existing = target.get(name);

    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(value)) {
      throw new Error(`${path.join(folder, file)} differs from another file named ${file} in the examples; give one of them another name`);
    }
    target.set(name, value);
  }
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}
