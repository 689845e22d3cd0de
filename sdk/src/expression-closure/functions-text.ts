import { ClosureError, failure } from "./closure-error.js";
import { checkBuiltLength } from "./string-limit.js";

// String functions of JSONata 2.2.2. Each receives its arguments after signature checking, so a
// string parameter is a string or undefined. Lengths and positions count Unicode code points.

/** Number of code points; a lone surrogate counts as one, as string iteration does. */
export function codePointLength(text: string): number {
  let count = 0;

  for (let i = 0; i < text.length; i++, count++) {
    const unit = text.charCodeAt(i);

    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);

      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return count;
}

export function length(text: string | undefined): number | undefined {
  return text === undefined ? undefined : codePointLength(text);
}

/** `$substring`: a negative start counts from the end; a length of 0 or less gives "". */
export function substring(text: string | undefined, start: number, count?: number): string | undefined {
  if (text === undefined) return undefined;
  // Without surrogates every code unit is a code point, and slicing the string gives what slicing
  // its code points does: both take the same relative positions the same way.
  if (!SURROGATE.test(text)) return substringOfUnits(text, start, count);
  const chars = Array.from(text);
  let from = start;

  if (chars.length + from < 0) from = 0;
  if (count === undefined) return chars.slice(from).join("");
  if (count <= 0) return "";
  const end = from >= 0 ? from + count : chars.length + from + count;

  return chars.slice(from, end).join("");
}

const SURROGATE = /[\uD800-\uDFFF]/;

function substringOfUnits(text: string, start: number, count?: number): string {
  const from = text.length + start < 0 ? 0 : start;

  if (count === undefined) return text.slice(from);
  if (count <= 0) return "";
  return text.slice(from, from >= 0 ? from + count : text.length + from + count);
}

export function substringBefore(text: string | undefined, separator: string): string | undefined {
  if (text === undefined) return undefined;
  const at = text.indexOf(separator);

  return at > -1 ? text.slice(0, at) : text;
}

export function substringAfter(text: string | undefined, separator: string): string | undefined {
  if (text === undefined) return undefined;
  const at = text.indexOf(separator);

  // Like JSONata, this searches for a missing separator as the text "undefined". When that text is
  // found, reading the separator's length fails, as it does in JSONata.
  return at > -1 ? text.slice(at + (separator as string | undefined)!.length) : text;
}

export function lowercase(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.toLowerCase();
}

export function uppercase(text: string | undefined): string | undefined {
  return text === undefined ? undefined : text.toUpperCase();
}

/** `$trim`: runs of spaces, tabs, CR and LF become one space, then one space at each end goes. */
export function trim(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  let result = text.replace(/[ \t\n\r]+/g, " ");

  if (result.startsWith(" ")) result = result.slice(1);
  if (result.endsWith(" ")) result = result.slice(0, -1);
  return result;
}

const MAX_ARRAY_LENGTH = 2 ** 32 - 1;

/** `$pad`: a positive width pads on the right, a negative one on the left; the filler defaults to a space. */
export function pad(text: string | undefined, width: number, filler?: string): string | undefined {
  if (text === undefined) return undefined;
  const fill = filler === undefined || filler.length === 0 ? " " : filler;
  const whole = Math.trunc(width);
  const missing = Math.abs(whole) - codePointLength(text);

  if (!(missing > 0)) return text;
  // JSONata allocates an array of missing + 1 slots for the padding, which fails past 2^32 - 1.
  if (missing + 1 > MAX_ARRAY_LENGTH) throw new ClosureError("D0000", "Invalid array length");
  checkBuiltLength(missing * fill.length, "pad");
  let padding = fill.repeat(missing);

  if (fill.length > 1) padding = substring(padding, 0, missing)!;
  return whole > 0 ? text + padding : padding + text;
}

/** `$contains` with a string token; undefined when either side is missing. */
export function contains(text: string | undefined, token: unknown): boolean | undefined {
  if (text === undefined || token === undefined) return undefined;
  if (typeof token !== "string") throw matcherUnsupported("contains");
  return text.includes(token);
}

/** `$split` with a string separator, limited as JSONata's call of String#split limits it. */
export function split(text: string | undefined, separator: unknown, limit?: number): string[] | undefined {
  if (text === undefined) return undefined;
  if ((limit as number) < 0) throw failure("D3020", { value: limit });
  if (limit !== undefined && !(limit > 0)) return [];
  if (typeof separator !== "string") throw matcherUnsupported("split");
  return splitString(text, separator, limit);
}

/**
 * Returns exactly `text.split(separator, limit)`: the limit taken modulo 2^32, an empty separator
 * splitting into UTF-16 code units. Written out because V8's split (Node 20) took 140-150 ns on
 * short text where this loop takes about a third of that.
 */
export function splitString(text: string, separator: string, limit?: number): string[] {
  const max = limit === undefined ? 2 ** 32 - 1 : limit >>> 0;
  const parts: string[] = [];

  if (max === 0) return parts;
  if (separator.length === 0) {
    for (let i = 0; i < text.length && parts.length < max; i++) parts.push(text[i]);
    return parts;
  }
  let position = 0;
  let at = text.indexOf(separator);

  while (at !== -1) {
    parts.push(text.slice(position, at));
    if (parts.length === max) return parts;
    position = at + separator.length;
    at = text.indexOf(separator, position);
  }
  parts.push(text.slice(position));
  return parts;
}

export function join(texts: string[] | undefined, separator?: string): string | undefined {
  if (texts === undefined) return undefined;
  return texts.join(separator === undefined ? "" : separator);
}

/**
 * `$replace` with a string pattern: the replacement is inserted as it is (`$` has no meaning
 * with a string pattern), at most `limit` times.
 */
export function replace(text: string | undefined, pattern: unknown, replacement: unknown, limit?: number): string | undefined {
  if (text === undefined) return undefined;
  if (pattern === "") throw failure("D3010", { value: pattern });
  if ((limit as number) < 0) throw failure("D3011", { value: limit });
  if (limit !== undefined && !(limit > 0)) return text;
  if (typeof pattern !== "string") throw matcherUnsupported("replace");
  let result = "";
  let position = 0;
  let count = 0;
  let at = text.indexOf(pattern);

  while (at !== -1 && (limit === undefined || count < limit)) {
    // Appended with +=, as JSONata does, so a missing replacement reads "undefined".
    result += text.slice(position, at);
    result += replacement;
    checkBuiltLength(result.length, "replace");
    position = at + pattern.length;
    count++;
    at = text.indexOf(pattern, position);
  }
  return result + text.slice(position);
}

// A pattern that is neither a string nor a regular expression (a missing value, or data that
// carries JSONata's function markers) makes JSONata fail without an error code.
// NOTE: JSONata would try to call such data as a function; closures refuse it outright.
function matcherUnsupported(functionName: string): ClosureError {
  return new ClosureError("D0000", `the pattern of $${functionName} must be a string`);
}
