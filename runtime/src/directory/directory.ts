/** Limits that apply to calls to one number. */
export interface DirectoryQuotas {
  /** Calls to the number allowed in progress at once. */
  maxConcurrentCalls: number;
}

/** What the runtime needs to answer a called number. */
export interface DirectoryEntry {
  /** Called number (DNIS), normalized: digits with an optional leading `+`. */
  number: string;
  /** Tenant that owns the number. */
  tenantId: string;
  /** Reference name of the flow that answers the number, such as `bank-hotline`. */
  flow: string;
  /** Number presented as the caller id on outbound calls made for this number. */
  callerId: string | undefined;
  quotas: DirectoryQuotas;
}

/**
 * Maps a called number to its tenant, flow, outbound caller id and quotas. A file contains the
 * entries for small deployments and tests, and the database will store them in a multi-tenant
 * install. Lookups are asynchronous because a database implementation queries on each call.
 */
export interface Directory {
  /**
   * Returns the entry of a called number, or undefined when no tenant owns the number. A
   * directory that keeps its entries in memory returns them directly, without a promise.
   */
  lookup(calledNumber: string): DirectoryEntry | undefined | Promise<DirectoryEntry | undefined>;
}

/**
 * Normalizes a telephone number for lookups: removes spaces, `-`, `.` and parentheses that
 * people write for readability, so `+886 2 2700-1234` and `+886227001234` are one number.
 */
export function normalizeNumber(number: string): string {
  // Numbers from Asterisk are usually plain digits, so a character scan skips the regular
  // expression. After an idle spell its first run costs more than the rest of the lookup.
  for (let i = 0; i < number.length; i++) {
    const code = number.charCodeAt(i);

    if (code === 0x20 || code === 0x2d || code === 0x2e || code === 0x28 || code === 0x29 || code < 0x20 || code > 0x7e) return number.replace(/[\s\-.()]/g, "");
  }
  return number;
}
