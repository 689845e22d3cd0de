import type { AddressClass } from "./classify-address.js";

const CATEGORY_WORDS: Record<string, string> = {
  unspecified: "an unspecified address",
  loopback: "a loopback address",
  private: "a private address",
  shared: "a carrier-grade NAT address",
  "link-local": "a link-local address",
  metadata: "a cloud metadata address",
  "unique-local": "a unique local (private) IPv6 address",
  multicast: "a multicast address",
  broadcast: "a broadcast address",
  documentation: "a documentation address",
  reserved: "a reserved address",
};

/**
 * A connection the egress guard blocked before opening it, because the destination is not
 * public and the allow-list does not permit it. The message names the destination, the reason
 * and the allow-list entries that would permit it.
 */
export class EgressBlockedError extends Error {
  readonly code = "egress-blocked";
  /** Host as the tenant configured it: a name or an IP address. */
  readonly host: string;
  readonly port: number;
  /** The blocked address with its classification. */
  readonly address: AddressClass;

  constructor(host: string, port: number, address: AddressClass) {
    const target = host === address.address ? formatHostPort(host, port) : `${formatHostPort(host, port)} (${address.address})`;
    const subject = address.embedded ? `${address.address} (${address.embedded.form} of ${address.embedded.address})` : address.address;
    const range = address.range ? ` in ${address.range}, the ${address.rangeName}` : "";
    const entries = [`"${formatHostPort(address.address, port)}"`];

    if (host !== address.address) entries.push(`"${formatHostPort(host, port)}"`);
    if (address.range) entries.push(`"${address.range}"`);
    super(
      `connection to ${target} blocked: ${subject} is ${CATEGORY_WORDS[address.category]}${range}. ` +
        "Tenants may reach only public addresses. If this destination is trusted, a platform operator can permit it " +
        `by adding ${entries.join(" or ")} to the egress allow-list.`,
    );
    this.name = "EgressBlockedError";
    this.host = host;
    this.port = port;
    this.address = address;
  }
}

/** A host name that did not resolve to any address; nothing was connected. */
export class DestinationLookupError extends Error {
  readonly code = "lookup-failed";
  readonly host: string;

  constructor(host: string, cause: unknown) {
    const reason = (cause as { code?: string } | undefined)?.code ?? (cause instanceof Error ? cause.message : "no addresses");

    super(`could not resolve host "${host}" (${reason}); check the host name in the node's settings`, { cause });
    this.name = "DestinationLookupError";
    this.host = host;
  }
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}
