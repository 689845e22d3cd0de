import { lookup } from "node:dns/promises";

import { AllowList, normalizeHost } from "./allow-list.js";
import { classifyIp } from "./classify-address.js";
import { DestinationLookupError, EgressBlockedError } from "./egress-error.js";
import { formatIp, parseIp } from "./ip-address.js";

/** Resolves a host name to all of its addresses, like `dns.promises.lookup(host, { all: true })`. */
export type LookupAddresses = (hostname: string) => Promise<ReadonlyArray<{ address: string; family: number }>>;

/** The operating system's resolver, which also reads /etc/hosts. */
export const systemLookup: LookupAddresses = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** A destination that passed the guard: connect to `address`, never to `host` again. */
export interface CheckedDestination {
  /** Host as configured, normalized: a lower-case name or a canonical IP address. */
  readonly host: string;
  readonly port: number;
  /** The checked address to connect to. */
  readonly address: string;
  readonly family: 4 | 6;
  /** The allow-list entry that permitted a non-public address; absent for public addresses. */
  readonly permittedBy?: string;
}

/** Options of an {@link EgressGuard}. */
export interface EgressGuardOptions {
  /** Allow-list entries: CIDR blocks, IP addresses, `host:port` pairs. Default: none. */
  allow?: readonly string[];
  /** Resolver for host names. Default {@link systemLookup}; tests pass a fake. */
  lookup?: LookupAddresses;
}

/**
 * The one check that every tenant-configured outbound connection passes. It resolves a host
 * name once, checks every address it resolves to, and returns one checked address to connect
 * to, so a second resolution cannot swap in another address (DNS rebinding). Addresses that
 * are not public (private, loopback, link-local, metadata and the other special-purpose
 * blocks) are blocked unless the allow-list permits them. A metadata address is permitted only
 * by an entry for that single address or for the host and port.
 *
 * @example
 * const guard = new EgressGuard({ allow: ["10.20.0.0/16"] });
 * const destination = await guard.resolve("crm.example.com", 443);
 * net.connect({ host: destination.address, port: destination.port });
 */
export class EgressGuard {
  readonly allowList: AllowList;
  private readonly lookup: LookupAddresses;

  /** @throws AllowListError when an allow-list entry does not parse */
  constructor(options: EgressGuardOptions = {}) {
    this.allowList = new AllowList(options.allow);
    this.lookup = options.lookup ?? systemLookup;
  }

  /**
   * Checks one address that `host` stands for. Opens no connection and resolves nothing.
   *
   * @throws EgressBlockedError when the address is not public and the allow-list does not permit it
   */
  check(host: string, address: string, port: number): CheckedDestination {
    const ip = parseIp(address);

    if (ip === undefined) throw new TypeError(`"${address}" is not an IP address`);
    const name = normalizeHost(host);
    const found = classifyIp(ip);
    const canonical = formatIp(ip);

    if (found.category === "public") return { host: name, port, address: canonical, family: ip.family };
    // A metadata service hands out cloud credentials, so only an entry naming it exactly
    // permits it; a block such as 169.254.0.0/16 does not.
    const permittedBy = this.allowList.permits({ host: name, address: ip, port }, found.category === "metadata");

    if (permittedBy === undefined) throw new EgressBlockedError(name, port, found);
    return { host: name, port, address: canonical, family: ip.family, permittedBy };
  }

  /**
   * Resolves `host` (unless it is an IP address) and checks every address it resolves to.
   * Returns the first address; a name with any blocked address is blocked as a whole.
   *
   * @throws EgressBlockedError for a blocked address, DestinationLookupError when the name does
   *   not resolve, RangeError for a port outside 1-65535, or the signal's reason when it aborts
   */
  async resolve(host: string, port: number, signal?: AbortSignal): Promise<CheckedDestination> {
    if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new RangeError(`port ${port} is invalid; use 1 to 65535`);
    const name = normalizeHost(host);

    if (parseIp(name) !== undefined) return this.check(name, name, port);
    const addresses = await this.lookupAll(name, signal);

    return addresses.map((entry) => this.check(name, entry.address, port))[0];
  }

  private async lookupAll(name: string, signal: AbortSignal | undefined): Promise<ReadonlyArray<{ address: string }>> {
    signal?.throwIfAborted();
    let addresses: ReadonlyArray<{ address: string }>;

    try {
      addresses = await abortable(this.lookup(name), signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw new DestinationLookupError(name, error);
    }
    if (addresses.length === 0) throw new DestinationLookupError(name, undefined);
    return addresses;
  }
}

// The system resolver cannot be cancelled, so an abort stops the wait, not the lookup.
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);

    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
