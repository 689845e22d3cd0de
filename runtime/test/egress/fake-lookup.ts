import type { LookupAddresses } from "../../src/egress/egress-guard.js";

/** A resolver that reads addresses from a table and records each name it is given, so tests never use real DNS. */
export interface FakeLookup {
  lookup: LookupAddresses;
  /** Names looked up, in order. */
  calls: string[];
}

/** Builds a {@link FakeLookup}: names missing from the table fail with ENOTFOUND, like getaddrinfo. */
export function fakeLookup(table: Record<string, string[]>): FakeLookup {
  const calls: string[] = [];
  const lookup: LookupAddresses = async (hostname) => {
    calls.push(hostname);
    const addresses = table[hostname];

    if (addresses === undefined) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };

  return { lookup, calls };
}
