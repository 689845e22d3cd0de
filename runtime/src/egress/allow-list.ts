import { embeddedIpv4 } from "./classify-address.js";
import { formatIp, parseIp, type IpAddress } from "./ip-address.js";
import { inBlock } from "./special-ranges.js";

/** An invalid allow-list entry. The message names the entry and the accepted forms. */
export class AllowListError extends Error {
  readonly code = "invalid-allow-list-entry";
  readonly entry: string;

  constructor(entry: string, problem: string) {
    super(
      `egress allow-list entry "${entry}" is invalid: ${problem}. ` +
        'Write a CIDR block ("10.20.0.0/16", "fd00:1::/64"), an IP address ("10.20.1.5") or a host and port ("10.20.1.5:8080", "[fd00::5]:443", "crm.internal:443").',
    );
    this.name = "AllowListError";
    this.entry = entry;
  }
}

type Entry =
  | { readonly kind: "block"; readonly text: string; readonly family: 4 | 6; readonly network: bigint; readonly prefix: number }
  | { readonly kind: "endpoint"; readonly text: string; readonly host: string; readonly port: number };

/**
 * The platform operator's list of destinations that tenants may reach although the egress guard
 * would block them. A CIDR block or bare IP address permits every port on those addresses. A
 * `host:port` pair permits one port, on an IP address or on every address a host name resolves to.
 *
 * @example
 * const allow = new AllowList(["10.20.0.0/16", "127.0.0.1:8080", "crm.internal:443"]);
 * allow.permits({ host: "crm.internal", address: parseIp("10.9.0.4")!, port: 443 }); // "crm.internal:443"
 */
export class AllowList {
  private readonly entries: readonly Entry[];

  /** @throws AllowListError naming the first entry that does not parse */
  constructor(entries: readonly string[] = []) {
    this.entries = entries.map(parseEntry);
  }

  /**
   * Returns the entry that permits the destination, or undefined when none does. With
   * `exactOnly`, a CIDR block permits only when it is a single address.
   */
  permits(destination: { host?: string; address: IpAddress; port: number }, exactOnly = false): string | undefined {
    const { address, port } = destination;
    const host = destination.host === undefined ? undefined : normalizeHost(destination.host);
    const candidates = [address, embeddedIpv4(address)?.address].filter((a): a is IpAddress => a !== undefined);
    const texts = new Set(candidates.map(formatIp));

    for (const entry of this.entries) {
      if (entry.kind === "block" && exactOnly && entry.prefix < (entry.family === 4 ? 32 : 128)) continue;
      if (entry.kind === "block" && candidates.some((a) => a.family === entry.family && inBlock(a.value, entry.network, entry.prefix, a.family === 4 ? 32 : 128))) {
        return entry.text;
      }
      if (entry.kind === "endpoint" && entry.port === port && (texts.has(entry.host) || entry.host === host)) return entry.text;
    }
    return undefined;
  }
}

/** Lower-cases a host name and drops a trailing dot and IPv6 brackets, so equal names compare equal. */
export function normalizeHost(host: string): string {
  const bare = host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
  const address = parseIp(bare);

  if (address !== undefined) return formatIp(address);
  return bare.toLowerCase().replace(/\.$/, "");
}

function parseEntry(text: string): Entry {
  const entry = text.trim();

  if (entry.includes("/")) return parseBlock(text, entry);
  const address = parseIp(entry);

  if (address !== undefined) return { kind: "block", text, family: address.family, network: address.value, prefix: address.family === 4 ? 32 : 128 };
  return parseEndpoint(text, entry);
}

function parseBlock(text: string, entry: string): Entry {
  const [addressText, prefixText] = entry.split("/");
  const address = parseIp(addressText);
  const bits = address?.family === 4 ? 32 : 128;
  const prefix = Number(prefixText);

  if (address === undefined) throw new AllowListError(text, `"${addressText}" is not an IP address`);
  if (!/^\d{1,3}$/.test(prefixText) || prefix > bits) throw new AllowListError(text, `the prefix length must be 0 to ${bits}`);
  const network = prefix === 0 ? 0n : (address.value >> BigInt(bits - prefix)) << BigInt(bits - prefix);

  if (network !== address.value) {
    throw new AllowListError(text, `the address has bits set after the prefix; the block is ${formatIp({ family: address.family, value: network })}/${prefix}`);
  }
  return { kind: "block", text, family: address.family, network, prefix };
}

function parseEndpoint(text: string, entry: string): Entry {
  const match = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(entry);

  if (match === null) throw new AllowListError(text, "a host name needs a port");
  const port = Number(match[2]);

  if (port < 1 || port > 65_535) throw new AllowListError(text, "the port must be 1 to 65535");
  if (match[1].startsWith("[") && parseIp(match[1]) === undefined) throw new AllowListError(text, `${match[1]} is not an IPv6 address`);
  if (!match[1].startsWith("[") && !/^[A-Za-z0-9.-]+$/.test(match[1])) throw new AllowListError(text, `"${match[1]}" is not a host name or IPv4 address`);
  return { kind: "endpoint", text, host: normalizeHost(match[1]), port };
}
