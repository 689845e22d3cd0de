import {
  calendars,
  createFlow,
  findFlowIdByName,
  findFlowVersionByName,
  getFlowWithDraft,
  phoneNumbers,
  promptAudio,
  prompts,
  publishDraftAndNotify,
  saveDraft,
  type TenantPermission,
  type TenantScope,
} from "@callflow/db";
import type { NodeRegistry, NodeSpec } from "@callflow/sdk";
import { and, eq } from "drizzle-orm";

import { ApiError } from "../api-error.js";
import { compileForTenant } from "../flows/compile-for-tenant.js";
import { hashPlan } from "../flows/plan-hash.js";
import type { Bundle, BundleFlow, BundlePrompt, ImportBody } from "./bundle-schema.js";

/** An object of a bundle, as the import's outcome lists it. */
export interface BundleObject {
  kind: "flow" | "subflow" | "prompt" | "calendar";
  name: string;
}

/** The outcome of an import: the flow and the objects created, replaced and bound. */
export interface ImportOutcome {
  flowId: string;
  /** Name of the imported flow, which `rename` may have changed. */
  name: string;
  created: BundleObject[];
  replaced: BundleObject[];
  /** Objects of the bundle that the tenant already had, used as they are. */
  rebound: BundleObject[];
  /** Subflows saved as drafts that do not compile, so they are not published. */
  unpublished: string[];
  numbers: Array<{ number: string; bound: boolean }>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Returns the permissions an import of `body` needs besides flows.edit: prompts.manage and
 * calendars.manage when the bundle has prompts or calendars, numbers.manage to bind numbers,
 * and flows.publish for subflows, which are published so that the flow compiles.
 */
export function permissionsForImport(body: ImportBody): TenantPermission[] {
  const needed: TenantPermission[] = [];

  if (body.bundle.prompts.length > 0) needed.push("prompts.manage");
  if (body.bundle.calendars.length > 0) needed.push("calendars.manage");
  if (body.bindNumbers && body.bundle.numbers.length > 0) needed.push("numbers.manage");
  if (body.bundle.subflows.length > 0) needed.push("flows.publish");
  return needed;
}

/**
 * Imports a bundle into the scope's tenant, in the scope's transaction, so a failure leaves
 * nothing behind. Names are bound to the tenant's own objects. Objects the tenant lacks are
 * created, and subflows are published when they compile.
 *
 * @throws ApiError `bundle-foreign-reference` (422) for a database id anywhere in the bundle or
 *   a number the tenant does not own, and `bundle-conflict` (409) under onConflict `fail`
 */
export async function importBundle(scope: TenantScope, body: ImportBody, authorId: string, registry: NodeRegistry<{ spec: NodeSpec<any, any> }>): Promise<ImportOutcome> {
  const { bundle } = body;

  rejectIds(bundle, "bundle");
  await rejectForeignNumbers(scope, bundle);

  const outcome: ImportOutcome = { flowId: "", name: bundle.flow.name, created: [], replaced: [], rebound: [], unpublished: [], numbers: [] };
  const plan = await planImport(scope, body);

  if (body.onConflict === "fail" && plan.conflicts.length > 0) {
    throw new ApiError(409, "bundle-conflict", { names: plan.conflicts.map((conflict) => `${conflict.kind} ${conflict.name}`).join(", ") }, { conflicts: plan.conflicts });
  }

  await importCalendars(scope, body, outcome);
  await importPrompts(scope, body, outcome);
  for (const subflow of bundle.subflows) await importSubflow(scope, body, subflow, authorId, registry, outcome);
  await importMainFlow(scope, body, authorId, outcome);

  for (const entry of bundle.numbers) {
    if (body.bindNumbers) await scope.tx.update(phoneNumbers).set({ flowId: outcome.flowId, callerId: entry.callerId }).where(eq(phoneNumbers.number, entry.number));
    outcome.numbers.push({ number: entry.number, bound: body.bindNumbers });
  }
  return outcome;
}

// A bundle names everything by name, so a UUID can only be a database id of some tenant, which
// must not travel between tenants.
function rejectIds(value: unknown, path: string): void {
  if (typeof value === "string" && UUID.test(value)) {
    throw new ApiError(422, "bundle-foreign-reference", { reference: `the database id ${value} at ${path}` });
  }
  if (Array.isArray(value)) value.forEach((item, index) => rejectIds(item, `${path}[${index}]`));
  else if (value !== null && typeof value === "object") Object.entries(value).forEach(([key, item]) => rejectIds(item, `${path}.${key}`));
}

// Row-level security shows only the tenant's own numbers. A number of another tenant and an
// unassigned number therefore get the same error, which reveals nothing about other tenants.
async function rejectForeignNumbers(scope: TenantScope, bundle: Bundle): Promise<void> {
  for (const entry of bundle.numbers) {
    const [owned] = await scope.tx.select({ number: phoneNumbers.number }).from(phoneNumbers).where(eq(phoneNumbers.number, entry.number));

    if (!owned) throw new ApiError(422, "bundle-foreign-reference", { reference: `number ${entry.number}` });
  }
}

interface ImportPlan {
  conflicts: BundleObject[];
}

// Finds the names the tenant already uses for different content. The flow's own name is a
// conflict whenever the tenant has a flow of that name.
async function planImport(scope: TenantScope, body: ImportBody): Promise<ImportPlan> {
  const conflicts: BundleObject[] = [];

  if ((await findFlowIdByName(scope, body.bundle.flow.name)) !== null) conflicts.push({ kind: "flow", name: body.bundle.flow.name });
  for (const subflow of body.bundle.subflows) {
    const existing = await findFlowVersionByName(scope, subflow.name);
    const existingId = existing ? existing.flowId : await findFlowIdByName(scope, subflow.name);

    if (existingId !== null && !sameJson(existing?.document, subflow.document)) conflicts.push({ kind: "subflow", name: subflow.name });
  }
  for (const prompt of body.bundle.prompts) {
    const existing = await findPrompt(scope, prompt);

    if (existing && (existing.kind !== prompt.kind || existing.ttsText !== (prompt.text ?? null) || existing.audioUri !== (prompt.audioUri ?? null))) {
      conflicts.push({ kind: "prompt", name: `${prompt.name} (${prompt.language})` });
    }
  }
  for (const calendar of body.bundle.calendars) {
    const [existing] = await scope.tx.select().from(calendars).where(eq(calendars.name, calendar.name));

    if (existing && (existing.timeZone !== calendar.timeZone || !sameJson(existing.definition, calendar.definition))) conflicts.push({ kind: "calendar", name: calendar.name });
  }
  return { conflicts };
}

async function findPrompt(scope: TenantScope, prompt: BundlePrompt) {
  const [row] = await scope.tx.select().from(prompts).where(and(eq(prompts.name, prompt.name), eq(prompts.language, prompt.language)));

  return row;
}

async function importCalendars(scope: TenantScope, body: ImportBody, outcome: ImportOutcome): Promise<void> {
  for (const calendar of body.bundle.calendars) {
    const [existing] = await scope.tx.select().from(calendars).where(eq(calendars.name, calendar.name));
    const object: BundleObject = { kind: "calendar", name: calendar.name };

    if (!existing) {
      await scope.tx.insert(calendars).values({ tenantId: scope.tenantId, name: calendar.name, timeZone: calendar.timeZone, definition: calendar.definition });
      outcome.created.push(object);
    } else if (body.onConflict === "replace" && (existing.timeZone !== calendar.timeZone || !sameJson(existing.definition, calendar.definition))) {
      await scope.tx.update(calendars).set({ timeZone: calendar.timeZone, definition: calendar.definition }).where(eq(calendars.id, existing.id));
      outcome.replaced.push(object);
    } else {
      outcome.rebound.push(object);
    }
  }
}

async function importPrompts(scope: TenantScope, body: ImportBody, outcome: ImportOutcome): Promise<void> {
  for (const prompt of body.bundle.prompts) {
    const existing = await findPrompt(scope, prompt);
    const object: BundleObject = { kind: "prompt", name: `${prompt.name} (${prompt.language})` };
    const content = { kind: prompt.kind, ttsText: prompt.text ?? null, audioUri: prompt.audioUri ?? null };
    let promptId: string;

    if (!existing) {
      [{ id: promptId }] = await scope.tx.insert(prompts).values({ tenantId: scope.tenantId, name: prompt.name, language: prompt.language, ...content }).returning({ id: prompts.id });
      outcome.created.push(object);
    } else if (body.onConflict === "replace") {
      promptId = existing.id;
      await scope.tx.update(prompts).set(content).where(eq(prompts.id, promptId));
      outcome.replaced.push(object);
    } else {
      outcome.rebound.push(object);
      continue;
    }
    if (prompt.audio) {
      const file = Buffer.from(prompt.audio.base64, "base64");

      await scope.tx.delete(promptAudio).where(eq(promptAudio.promptId, promptId));
      await scope.tx.insert(promptAudio).values({ promptId, tenantId: scope.tenantId, contentType: prompt.audio.contentType, byteLength: file.length, content: file });
    }
  }
}

async function importSubflow(scope: TenantScope, body: ImportBody, subflow: BundleFlow, authorId: string, registry: NodeRegistry<{ spec: NodeSpec<any, any> }>, outcome: ImportOutcome): Promise<void> {
  const object: BundleObject = { kind: "subflow", name: subflow.name };
  const existingId = await findFlowIdByName(scope, subflow.name);
  let draft;

  if (existingId === null) {
    draft = await createFlow(scope, { name: subflow.name, kind: subflow.kind, document: subflow.document, authorId });
    outcome.created.push(object);
  } else if (body.onConflict === "replace" && !sameJson((await findFlowVersionByName(scope, subflow.name))?.document, subflow.document)) {
    const current = await getFlowWithDraft(scope, existingId);

    draft = await saveDraft(scope, { flowId: existingId, baseVersion: current.draftVersion, document: subflow.document, authorId });
    outcome.replaced.push(object);
  } else {
    outcome.rebound.push(object);
    return;
  }

  // Calls reach a subflow's published version only, so the imported flow needs it published.
  const result = await compileForTenant(scope, { name: subflow.name, document: subflow.document }, registry);
  if (!result.ok) {
    outcome.unpublished.push(subflow.name);
    return;
  }
  await publishDraftAndNotify(scope, { flowId: draft.flowId, draftVersion: draft.version, compiledHash: hashPlan(result.plan), authorId, note: "Imported from a bundle" });
}

async function importMainFlow(scope: TenantScope, body: ImportBody, authorId: string, outcome: ImportOutcome): Promise<void> {
  const flow = body.bundle.flow;
  const existingId = await findFlowIdByName(scope, flow.name);

  if (existingId !== null && body.onConflict === "replace") {
    const current = await getFlowWithDraft(scope, existingId);

    await saveDraft(scope, { flowId: existingId, baseVersion: current.draftVersion, document: flow.document, authorId });
    outcome.flowId = existingId;
    outcome.replaced.push({ kind: "flow", name: flow.name });
    return;
  }

  const name = existingId === null ? flow.name : await freeFlowName(scope, flow.name);
  const draft = await createFlow(scope, { name, kind: flow.kind, document: flow.document, authorId });

  outcome.flowId = draft.flowId;
  outcome.name = name;
  outcome.created.push({ kind: "flow", name });
}

// `hotline` becomes `hotline-2`, `hotline-3`, ... whichever the tenant does not use yet.
async function freeFlowName(scope: TenantScope, name: string): Promise<string> {
  for (let suffix = 2; ; suffix++) {
    const candidate = `${name.slice(0, 120)}-${suffix}`;

    if ((await findFlowIdByName(scope, candidate)) === null) return candidate;
  }
}

// Compares JSON values regardless of the order of object keys, as jsonb columns return them.
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();

    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
