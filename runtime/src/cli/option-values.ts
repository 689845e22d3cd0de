import { INTERFACE_LOCALES, isValidTimeZone, type InterfaceLocale } from "@callflow/sdk";

import { UsageError } from "./usage-error.js";

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,3})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;

/** Outcome of {@link parseIsoTime}: the instant, or why the text is not one. */
export type IsoTimeResult = { ok: true; epochMs: number } | { ok: false; reason: string };

/**
 * Parses an ISO 8601 date and time with a UTC offset, such as `2026-12-07T10:00:00+08:00` or
 * `2026-12-07T02:00:00Z`. The offset is required because a call's local time decides business
 * hours, and a time without one would depend on the machine's time zone.
 */
export function parseIsoTime(text: string): IsoTimeResult {
  const match = ISO_TIME.exec(text);

  if (match === null) return { ok: false, reason: "is not an ISO 8601 time; write it as 2026-12-07T10:00:00+08:00" };
  if (match[7] === undefined) return { ok: false, reason: "has no UTC offset; add one, such as +08:00 or Z" };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));

  // Date.parse rolls 2026-02-30 over to March 2 instead of rejecting it.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return { ok: false, reason: `has no day ${match[3]} in ${match[1]}-${match[2]}` };
  return { ok: true, epochMs: Date.parse(text) };
}

/** Parses `--at`; undefined means now. */
export function parseAtOption(command: string, value: string | undefined, now: () => number): number {
  if (value === undefined) return now();
  const result = parseIsoTime(value);

  if (!result.ok) throw new UsageError(`--at "${value}" ${result.reason}`, command);
  return result.epochMs;
}

/** Parses `--tz`, an IANA time zone; default UTC. */
export function parseTimeZoneOption(command: string, value: string | undefined): string {
  if (value === undefined) return "UTC";
  if (!isValidTimeZone(value)) throw new UsageError(`--tz "${value}" is not a known IANA time zone; use a name such as Asia/Taipei or Europe/London`, command);
  return value;
}

/** Parses `--seed`, a whole number from 0 to 4294967295; default 1. */
export function parseSeedOption(command: string, value: string | undefined): number {
  if (value === undefined) return 1;
  const seed = Number(value);

  if (!/^\d+$/.test(value) || seed > 0xffffffff) throw new UsageError(`--seed "${value}" is not a whole number from 0 to 4294967295`, command);
  return seed;
}

/** Parses `--min-coverage`, a percentage from 0 to 100; default 0. */
export function parseMinCoverageOption(command: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const percent = Number(value.replace(/%$/, ""));

  if (value.trim() === "" || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new UsageError(`--min-coverage "${value}" is not a percentage from 0 to 100, such as 90`, command);
  }
  return percent;
}

/** Parses `--locale`, the language of problem messages; default en. */
export function parseLocaleOption(command: string, value: string | undefined): InterfaceLocale {
  if (value === undefined) return "en";
  if (!(INTERFACE_LOCALES as readonly string[]).includes(value)) {
    throw new UsageError(`--locale "${value}" is not supported; use one of ${INTERFACE_LOCALES.join(", ")}`, command);
  }
  return value as InterfaceLocale;
}
