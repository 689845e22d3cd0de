import type { CallControl } from "@callflow/sdk";

/** Result of reading one menu choice. */
export type MenuChoice =
  | { kind: "option"; key: string }
  | { kind: "repeat" }
  | { kind: "invalid"; keys: string }
  | { kind: "timeout" };

/**
 * Reads keys until they select an option, the repeat key, or nothing valid. Matching is greedy:
 * while the keys so far begin a longer option it waits up to the inter-digit timeout for more,
 * and keys read past the longest match go back to the type-ahead buffer for the next node.
 */
export async function readChoice(
  call: CallControl,
  keys: readonly string[],
  options: { repeatKey?: string; firstKeyTimeoutMs: number; interDigitTimeoutMs: number },
): Promise<MenuChoice> {
  const first = await call.nextKey(options.firstKeyTimeoutMs);

  if (first === null) return { kind: "timeout" };
  if (first === options.repeatKey) return { kind: "repeat" };
  let typed = first;
  let longestMatch = keys.includes(typed) ? typed : "";

  while (keys.some((key) => key.length > typed.length && key.startsWith(typed))) {
    const next = await call.nextKey(options.interDigitTimeoutMs);

    if (next === null) break;
    typed += next;
    if (keys.includes(typed)) longestMatch = typed;
  }
  if (longestMatch === "") return { kind: "invalid", keys: typed };
  call.unreadKeys(typed.slice(longestMatch.length));
  return { kind: "option", key: longestMatch };
}
