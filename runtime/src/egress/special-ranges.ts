import { parseIp } from "./ip-address.js";

/**
 * Kind of destination an address is. Every category except `public` is blocked unless the
 * egress allow-list permits the destination.
 */
export type AddressCategory =
  | "public"
  | "unspecified"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "metadata"
  | "unique-local"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "reserved";

/** A special-purpose address block. */
export interface SpecialRange {
  readonly family: 4 | 6;
  readonly network: bigint;
  readonly prefix: number;
  /** The block in CIDR notation, as error messages show it. */
  readonly cidr: string;
  readonly category: AddressCategory;
  /** Description of the block, for error messages. */
  readonly name: string;
}

// Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and updates) and
// the cloud providers' instance metadata documentation. Longer prefixes win, so a metadata
// address inside link-local space is reported as metadata.
const TABLE: ReadonlyArray<readonly [string, AddressCategory, string]> = [
  ["0.0.0.0/8", "unspecified", "\"this network\" block, which Linux connects to the local host"],
  ["10.0.0.0/8", "private", "private network (RFC 1918)"],
  ["100.64.0.0/10", "shared", "carrier-grade NAT shared space (RFC 6598)"],
  ["100.100.100.200/32", "metadata", "Alibaba Cloud instance metadata service"],
  ["127.0.0.0/8", "loopback", "loopback network"],
  ["169.254.0.0/16", "link-local", "link-local network"],
  ["169.254.169.254/32", "metadata", "cloud instance metadata service (AWS, Azure, GCP, OpenStack)"],
  ["169.254.170.2/32", "metadata", "AWS ECS task metadata service"],
  ["172.16.0.0/12", "private", "private network (RFC 1918)"],
  ["192.0.0.0/24", "reserved", "IETF protocol assignments"],
  ["192.0.2.0/24", "documentation", "documentation network TEST-NET-1"],
  ["192.168.0.0/16", "private", "private network (RFC 1918)"],
  ["198.18.0.0/15", "reserved", "benchmarking network"],
  ["198.51.100.0/24", "documentation", "documentation network TEST-NET-2"],
  ["203.0.113.0/24", "documentation", "documentation network TEST-NET-3"],
  ["224.0.0.0/4", "multicast", "multicast"],
  ["240.0.0.0/4", "reserved", "reserved network"],
  ["255.255.255.255/32", "broadcast", "limited broadcast address"],
  ["::/128", "unspecified", "unspecified address"],
  ["::1/128", "loopback", "loopback address"],
  ["::/96", "reserved", "deprecated IPv4-compatible IPv6 block"],
  ["64:ff9b:1::/48", "private", "local-use NAT64 block (RFC 8215)"],
  ["100::/64", "reserved", "discard-only block"],
  ["2001::/32", "reserved", "Teredo tunnelling block"],
  ["2001:2::/48", "reserved", "benchmarking block"],
  ["2001:db8::/32", "documentation", "documentation block"],
  ["3fff::/20", "documentation", "documentation block (RFC 9637)"],
  ["fc00::/7", "unique-local", "unique local block"],
  ["fd00:ec2::254/128", "metadata", "AWS instance metadata service over IPv6"],
  ["fe80::/10", "link-local", "link-local block"],
  ["fec0::/10", "private", "deprecated site-local block"],
  ["ff00::/8", "multicast", "multicast"],
];

/** Special-purpose blocks, sorted longest prefix first. */
export const SPECIAL_RANGES: readonly SpecialRange[] = TABLE.map(([cidr, category, name]) => {
  const [text, prefix] = cidr.split("/");
  const address = parseIp(text)!;

  return { family: address.family, network: address.value, prefix: Number(prefix), cidr, category, name };
}).sort((a, b) => b.prefix - a.prefix);

/** True when `value` lies in the block `network/prefix` of a family with `bits` bits. */
export function inBlock(value: bigint, network: bigint, prefix: number, bits: 32 | 128): boolean {
  const shift = BigInt(bits - prefix);

  return value >> shift === network >> shift;
}
