import { formatIp, parseIp, type IpAddress } from "./ip-address.js";
import { inBlock, SPECIAL_RANGES, type AddressCategory } from "./special-ranges.js";

/** Classification of an address by {@link classifyAddress}. */
export interface AddressClass {
  /** The address in canonical form. */
  readonly address: string;
  readonly category: AddressCategory;
  /** Special-purpose block that contains the address, in CIDR notation. Absent for public addresses. */
  readonly range?: string;
  /** Name of that block, such as `private network (RFC 1918)`. */
  readonly rangeName?: string;
  /**
   * For an IPv6 address that carries an IPv4 address (IPv4-mapped, NAT64, 6to4), the IPv4
   * address it was classified by, and how it carries it.
   */
  readonly embedded?: { readonly address: string; readonly form: string };
}

// IPv6 forms that carry an IPv4 address, which is where a packet sent to them ends up.
const EMBEDDING_FORMS: ReadonlyArray<{ network: bigint; prefix: number; form: string; shift: bigint }> = [
  { network: parseIp("::ffff:0:0")!.value, prefix: 96, form: "IPv4-mapped IPv6 address", shift: 0n },
  { network: parseIp("::ffff:0:0:0")!.value, prefix: 96, form: "IPv4-translated IPv6 address", shift: 0n },
  { network: parseIp("64:ff9b::")!.value, prefix: 96, form: "NAT64 address (64:ff9b::/96)", shift: 0n },
  { network: parseIp("2002::")!.value, prefix: 16, form: "6to4 address (2002::/16)", shift: 80n },
];

/**
 * Classifies an IP address as public or as one of the special-purpose kinds that the egress
 * guard blocks. Pure: it opens no connection and resolves nothing. An IPv6 address that
 * carries an IPv4 address is classified by the IPv4 address.
 *
 * @throws TypeError when the text is not an IP address
 * @example
 * classifyAddress("169.254.169.254").category; // "metadata"
 * classifyAddress("::ffff:127.0.0.1").category; // "loopback"
 */
export function classifyAddress(text: string): AddressClass {
  const address = parseIp(text);

  if (address === undefined) throw new TypeError(`"${text}" is not an IP address`);
  return classifyIp(address);
}

/** Classifies a parsed address; see {@link classifyAddress}. */
export function classifyIp(address: IpAddress): AddressClass {
  const embedded = embeddedIpv4(address);

  if (embedded !== undefined) {
    const inner = classifyIp(embedded.address);

    return { ...inner, address: formatIp(address), embedded: { address: inner.address, form: embedded.form } };
  }
  const bits = address.family === 4 ? 32 : 128;
  const range = SPECIAL_RANGES.find((r) => r.family === address.family && inBlock(address.value, r.network, r.prefix, bits));

  if (range === undefined) return { address: formatIp(address), category: "public" };
  return { address: formatIp(address), category: range.category, range: range.cidr, rangeName: range.name };
}

/** Extracts the IPv4 address that an IPv6 address carries in one of the embedding forms, if any. */
export function embeddedIpv4(address: IpAddress): { address: IpAddress; form: string } | undefined {
  if (address.family === 4) return undefined;
  const form = EMBEDDING_FORMS.find((f) => inBlock(address.value, f.network, f.prefix, 128));

  if (form === undefined) return undefined;
  return { address: { family: 4, value: (address.value >> form.shift) & 0xffffffffn }, form: form.form };
}
