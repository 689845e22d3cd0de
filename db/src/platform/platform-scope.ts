import { randomUUID } from "node:crypto";

import { asc, eq } from "drizzle-orm";

import { generateDataKey, wrapDataKey } from "../crypto/data-key.js";
import { InvalidInputError, NotFoundError } from "../errors.js";
import type { Transaction } from "../orm.js";
import { auditLog } from "../schema/audit-log.js";
import { callSlotCounters } from "../schema/call-slots.js";
import { phoneNumbers } from "../schema/phone-numbers.js";
import { tenants } from "../schema/tenants.js";
import { CHANNEL_KINDS, type Locale, LOCALES, type TenantStatus } from "../schema/values.js";
import { assertUuid } from "../uuid.js";
import { auditActor, type PlatformActor } from "./actor.js";
import { assertValidQuotas, DEFAULT_TENANT_QUOTAS, type TenantQuotas } from "./quotas.js";

/** A tenant as the platform path returns it, without the wrapped data key. */
export interface Tenant extends TenantQuotas {
  id: string;
  name: string;
  status: TenantStatus;
  defaultLocale: Locale;
  sensitiveDataEncryption: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Input of createTenant. Fields left out get the defaults. */
export interface NewTenant {
  name: string;
  defaultLocale?: Locale;
  quotas?: Partial<TenantQuotas>;
  sensitiveDataEncryption?: boolean;
}

const tenantColumns = {
  id: tenants.id,
  name: tenants.name,
  status: tenants.status,
  defaultLocale: tenants.defaultLocale,
  maxAgents: tenants.maxAgents,
  maxPstnCalls: tenants.maxPstnCalls,
  maxWebCalls: tenants.maxWebCalls,
  maxLoadedFlows: tenants.maxLoadedFlows,
  maxTestCalls: tenants.maxTestCalls,
  sensitiveDataEncryption: tenants.sensitiveDataEncryption,
  createdAt: tenants.createdAt,
  updatedAt: tenants.updatedAt,
};

/**
 * One transaction of the platform path, as the platform role, which reaches every tenant. Each
 * operation that changes something writes an audit log row in the same transaction, so the
 * change and its record commit or roll back together.
 */
export class PlatformScope {
  readonly #masterKey: Buffer;

  constructor(
    readonly actor: PlatformActor,
    readonly tx: Transaction,
    masterKey: Buffer,
  ) {
    this.#masterKey = masterKey;
  }

  /** Creates a tenant with a new wrapped data key and zeroed call slot counters. */
  async createTenant(input: NewTenant): Promise<Tenant> {
    const name = input.name.trim();
    const quotas = { ...DEFAULT_TENANT_QUOTAS, ...input.quotas };
    const defaultLocale = input.defaultLocale ?? "en";

    if (name === "") {
      throw new InvalidInputError("name", "a tenant name must not be empty");
    }
    if (!LOCALES.includes(defaultLocale)) {
      throw new InvalidInputError("defaultLocale", `expected one of ${LOCALES.join(", ")}, got ${defaultLocale}`);
    }
    assertValidQuotas(quotas);

    const id = randomUUID();
    const wrappedDataKey = wrapDataKey(this.#masterKey, generateDataKey(), id);
    const sensitiveDataEncryption = input.sensitiveDataEncryption ?? false;
    const [tenant] = await this.tx
      .insert(tenants)
      .values({ id, name, defaultLocale, ...quotas, sensitiveDataEncryption, wrappedDataKey })
      .returning(tenantColumns);

    await this.tx.insert(callSlotCounters).values(CHANNEL_KINDS.map((channel) => ({ tenantId: id, channel })));
    await this.audit("tenant.create", id, { name, defaultLocale, quotas, sensitiveDataEncryption });
    return tenant;
  }

  /** Changes some of a tenant's quotas. The audit row contains the values before and after. */
  async updateQuotas(tenantId: string, quotas: Partial<TenantQuotas>): Promise<Tenant> {
    assertValidQuotas(quotas);

    const before = await this.getTenant(tenantId);
    const after = await this.#updateTenant(tenantId, quotas);
    const changed = Object.keys(quotas) as (keyof TenantQuotas)[];

    await this.audit("tenant.quotas.update", tenantId, {
      before: Object.fromEntries(changed.map((name) => [name, before[name]])),
      after: Object.fromEntries(changed.map((name) => [name, after[name]])),
    });
    return after;
  }

  /**
   * Suspends a tenant: acquireCallSlot refuses its new calls until it is resumed. Calls in
   * progress and withTenant work go on; the API decides what else a suspension stops.
   */
  async suspendTenant(tenantId: string, reason: string): Promise<Tenant> {
    return this.#setStatus(tenantId, "suspended", { reason });
  }

  /** Resumes a suspended tenant. */
  async resumeTenant(tenantId: string): Promise<Tenant> {
    return this.#setStatus(tenantId, "active", {});
  }

  /**
   * Turns encryption of the tenant's sensitive values on or off. It applies to values written
   * afterwards.
   *
   * NOTE: values already stored keep their form; nothing re-encrypts or decrypts them.
   */
  async setSensitiveDataEncryption(tenantId: string, enabled: boolean): Promise<Tenant> {
    const tenant = await this.#updateTenant(tenantId, { sensitiveDataEncryption: enabled });

    await this.audit("tenant.encryption.update", tenantId, { enabled });
    return tenant;
  }

  /**
   * Changes a tenant's default locale or its encryption switch. The audit row contains the
   * values before and after. A new encryption setting applies to sensitive values written
   * afterwards, as with setSensitiveDataEncryption.
   */
  async updateTenantSettings(tenantId: string, settings: { defaultLocale?: Locale; sensitiveDataEncryption?: boolean }): Promise<Tenant> {
    if (settings.defaultLocale !== undefined && !LOCALES.includes(settings.defaultLocale)) {
      throw new InvalidInputError("defaultLocale", `expected one of ${LOCALES.join(", ")}, got ${settings.defaultLocale}`);
    }

    const before = await this.getTenant(tenantId);
    const changes = {
      ...(settings.defaultLocale === undefined ? {} : { defaultLocale: settings.defaultLocale }),
      ...(settings.sensitiveDataEncryption === undefined ? {} : { sensitiveDataEncryption: settings.sensitiveDataEncryption }),
    };
    const after = Object.keys(changes).length === 0 ? before : await this.#updateTenant(tenantId, changes);
    const changed = Object.keys(changes) as (keyof typeof changes)[];

    await this.audit("tenant.settings.update", tenantId, {
      before: Object.fromEntries(changed.map((name) => [name, before[name]])),
      after: Object.fromEntries(changed.map((name) => [name, after[name]])),
    });
    return after;
  }

  /** Assigns a called number to a tenant; the tenant then chooses its flow and caller id. */
  async assignNumber(tenantId: string, number: string): Promise<void> {
    await this.getTenant(tenantId);
    await this.tx.insert(phoneNumbers).values({ tenantId, number });
    await this.audit("number.assign", tenantId, { number });
  }

  /** Takes a called number away from its tenant. */
  async unassignNumber(number: string): Promise<void> {
    const [removed] = await this.tx.delete(phoneNumbers).where(eq(phoneNumbers.number, number)).returning({ tenantId: phoneNumbers.tenantId });

    if (!removed) {
      throw new NotFoundError("number", number);
    }
    await this.audit("number.unassign", removed.tenantId, { number });
  }

  /** Returns a tenant by id; throws NotFoundError when there is none. */
  async getTenant(tenantId: string): Promise<Tenant> {
    assertUuid(tenantId, "tenantId");

    const [tenant] = await this.tx.select(tenantColumns).from(tenants).where(eq(tenants.id, tenantId));

    if (!tenant) {
      throw new NotFoundError("tenant", tenantId);
    }
    return tenant;
  }

  /** Returns every tenant, by name. */
  async listTenants(): Promise<Tenant[]> {
    return this.tx.select(tenantColumns).from(tenants).orderBy(asc(tenants.name));
  }

  /**
   * Writes an audit log row for an action of this scope's actor. The operations above call it;
   * platform work outside them calls it directly.
   */
  async audit(action: string, tenantId: string | null, details: Record<string, unknown>): Promise<void> {
    await this.tx.insert(auditLog).values({ ...auditActor(this.actor), action, tenantId, details });
  }

  async #setStatus(tenantId: string, status: TenantStatus, details: Record<string, unknown>): Promise<Tenant> {
    const before = await this.getTenant(tenantId);
    const after = await this.#updateTenant(tenantId, { status });

    await this.audit(status === "suspended" ? "tenant.suspend" : "tenant.resume", tenantId, { ...details, previousStatus: before.status });
    return after;
  }

  async #updateTenant(tenantId: string, changes: Partial<typeof tenants.$inferInsert>): Promise<Tenant> {
    assertUuid(tenantId, "tenantId");

    const [tenant] = await this.tx
      .update(tenants)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(tenants.id, tenantId))
      .returning(tenantColumns);

    if (!tenant) {
      throw new NotFoundError("tenant", tenantId);
    }
    return tenant;
  }
}
