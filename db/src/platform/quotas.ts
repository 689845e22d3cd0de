import { InvalidInputError } from "../errors.js";

/** A tenant's quotas; each is a count of things at the same time. */
export interface TenantQuotas {
  /** Agents logged in. */
  maxAgents: number;
  /** Calls over the telephone network. */
  maxPstnCalls: number;
  /** Calls from browsers (WebRTC). */
  maxWebCalls: number;
  /** Published flows loaded in the runtime. */
  maxLoadedFlows: number;
  /** Test calls from the studio's simulator. */
  maxTestCalls: number;
}

/** Quotas of a new tenant unless the platform operator sets others. */
export const DEFAULT_TENANT_QUOTAS: TenantQuotas = {
  maxAgents: 10,
  maxPstnCalls: 10,
  maxWebCalls: 10,
  maxLoadedFlows: 20,
  maxTestCalls: 2,
};

/** Throws InvalidInputError unless every quota given is a whole number from 0 to 2^31 - 1. */
export function assertValidQuotas(quotas: Partial<TenantQuotas>): void {
  for (const [name, value] of Object.entries(quotas)) {
    if (!Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
      throw new InvalidInputError(`quotas.${name}`, `expected a whole number from 0 to 2147483647, got ${String(value)}`);
    }
  }
}
