import { isIPv4, isIPv6 } from "node:net";

/** An IP address as a number: 32 bits for IPv4, 128 bits for IPv6. */
export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

/**
 * Parses an IPv4 address in dotted-quad form or an IPv6 address (with or without brackets, an
 * embedded dotted IPv4 tail or a zone such as `%eth0`, which is dropped). Returns undefined for
 * anything else, host names included.
 *
 * @example parseIp("::ffff:10.0.0.1"); // { family: 6, value: 0xffff0a000001n }
 */
export function parseIp(text: string): IpAddress | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;

  if (isIPv4(bare)) return { family: 4, value: parseIpv4(bare) };
  if (!isIPv6(bare)) return undefined;
  return { family: 6, value: parseIpv6(bare.split("%")[0]) };
}

/** Formats an address: dotted quad for IPv4, the RFC 5952 short form for IPv6. */
export function formatIp(address: IpAddress): string {
  if (address.family === 4) return formatIpv4(address.value);
  const groups = Array.from({ length: 8 }, (_, i) => Number((address.value >> BigInt(112 - 16 * i)) & 0xffffn));
  const [start, length] = longestZeroRun(groups);

  if (length < 2) return groups.map((g) => g.toString(16)).join(":");
  const head = groups.slice(0, start).map((g) => g.toString(16)).join(":");
  const tail = groups.slice(start + length).map((g) => g.toString(16)).join(":");

  return `${head}::${tail}`;
}

/** Formats a 32-bit value as a dotted quad. */
export function formatIpv4(value: bigint): string {
  return [24, 16, 8, 0].map((shift) => Number((value >> BigInt(shift)) & 0xffn)).join(".");
}

function parseIpv4(text: string): bigint {
  return text.split(".").reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

// The text has passed isIPv6, so it has at most one "::" and well-formed groups.
function parseIpv6(text: string): bigint {
  const [left, right] = text.includes("::") ? text.split("::") : [text, undefined];
  const head = groupsOf(left);
  const tail = right === undefined ? [] : groupsOf(right);
  const zeros = right === undefined ? [] : new Array<number>(8 - head.length - tail.length).fill(0);

  return [...head, ...zeros, ...tail].reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function groupsOf(part: string): number[] {
  if (part === "") return [];
  return part.split(":").flatMap((group) => {
    if (!group.includes(".")) return [parseInt(group, 16)];
    const v4 = parseIpv4(group);

    return [Number(v4 >> 16n), Number(v4 & 0xffffn)];
  });
}

function longestZeroRun(groups: number[]): [number, number] {
  let best: [number, number] = [0, 0];

  for (let i = 0; i < groups.length; i++) {
    let j = i;

    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > best[1]) best = [i, j - i];
    i = j;
  }
  return best;
}
