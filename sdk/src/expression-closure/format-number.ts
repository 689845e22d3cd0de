import { ClosureError, failure } from "./closure-error.js";
import { MAX_SHORT_DIGITS, shortDecimalText, toFixedText } from "./decimal-text.js";
import { round } from "./functions-number.js";

// `$formatNumber(value, picture)` of JSONata 2.2.2, after the XPath F&O 3.1 `format-number`
// rules with the default decimal format: digits 0-9, "." decimal, "," grouping, "e" exponent,
// "#" optional digit, ";" between the positive and negative sub-pictures, "%" and "‰".
// JSONata departs from XPath in a few places (noted below); closures keep its behaviour.

const DIGITS = "0123456789";
const ACTIVE = DIGITS + ".e,#;";

interface SubPicture {
  readonly text: string;
  readonly percent: boolean;
  readonly perMille: boolean;
  readonly hasDecimalSeparator: boolean;
  readonly prefix: string;
  readonly suffix: string;
  readonly integerPart: string;
  readonly fractionalPart: string;
  readonly exponentPart: string | undefined;
  readonly integerGroups: number[];
  readonly regularGrouping: number;
  /** True when formatting needs no exponent and no separators at irregular positions. */
  readonly regularLayout: boolean;
  readonly fractionalGroups: number[];
  readonly minIntegerDigits: number;
  readonly scalingFactor: number;
  readonly minFractionDigits: number;
  readonly maxFractionDigits: number;
  readonly minExponentDigits: number;
}

/** A picture string analysed once: the positive and negative sub-pictures, or the error it raises. */
export type PictureAnalysis = { readonly positive: SubPicture; readonly negative: SubPicture } | { readonly error: ClosureError };

/** Analyses a picture string; an invalid one yields the D308x error that formatting will raise. */
export function analysePicture(picture: string): PictureAnalysis {
  const texts = picture.split(";");

  if (texts.length > 2) return { error: failure("D3080") };
  const parts = texts.map(splitSubPicture);

  for (const part of parts) {
    const code = pictureError(part);

    if (code !== undefined) return { error: failure(code) };
  }
  const [positive, negative] = parts.map(measure);

  return { positive, negative: negative ?? { ...positive, prefix: "-" + positive.prefix } };
}

interface Parts {
  text: string;
  prefix: string;
  suffix: string;
  activePart: string;
  mantissaPart: string;
  exponentPart: string | undefined;
  integerPart: string;
  fractionalPart: string;
}

// Passive text before the first and after the last active character ("e" does not count here).
function splitSubPicture(text: string): Parts {
  const isBoundary = (ch: string): boolean => ACTIVE.includes(ch) && ch !== "e";
  let first = 0;

  while (first < text.length && !isBoundary(text[first])) first++;
  let last = text.length - 1;

  while (last >= 0 && !isBoundary(text[last])) last--;
  const prefix = first < text.length ? text.slice(0, first) : "";
  const suffix = last >= 0 ? text.slice(last + 1) : "";
  const activePart = text.slice(prefix.length, text.length - suffix.length);
  // JSONata finds "e" by its index in the whole sub-picture but cuts the active part with it.
  const exponentAt = text.indexOf("e", prefix.length);
  const hasExponent = exponentAt !== -1 && exponentAt <= text.length - suffix.length;
  const mantissaPart = hasExponent ? activePart.slice(0, exponentAt) : activePart;
  const exponentPart = hasExponent ? activePart.slice(exponentAt + 1) : undefined;
  const decimalAt = mantissaPart.indexOf(".");
  // Without a decimal separator JSONata takes the suffix as the fractional part.
  const integerPart = decimalAt === -1 ? mantissaPart : mantissaPart.slice(0, decimalAt);
  const fractionalPart = decimalAt === -1 ? suffix : mantissaPart.slice(decimalAt + 1);

  return { text, prefix, suffix, activePart, mantissaPart, exponentPart, integerPart, fractionalPart };
}

const countOf = (text: string, accept: (ch: string) => boolean): number => Array.from(text).filter(accept).length;
const isDigit = (ch: string): boolean => DIGITS.includes(ch);
const isDigitOrHash = (ch: string): boolean => isDigit(ch) || ch === "#";

// Every rule is checked and the last one broken decides the code, as in JSONata.
function pictureError(parts: Parts): string | undefined {
  const { text, integerPart, fractionalPart, exponentPart } = parts;
  const once = (ch: string): boolean => text.indexOf(ch) === text.lastIndexOf(ch);
  const decimalAt = text.indexOf(".");
  let code: string | undefined;

  if (!once(".")) code = "D3081";
  if (!once("%")) code = "D3082";
  if (!once("‰")) code = "D3083";
  if (text.includes("%") && text.includes("‰")) code = "D3084";
  if (countOf(parts.mantissaPart, isDigitOrHash) === 0) code = "D3085";
  if (countOf(parts.activePart, (ch) => !ACTIVE.includes(ch)) > 0) code = "D3086";
  if (decimalAt !== -1) {
    if (text.charAt(decimalAt - 1) === "," || text.charAt(decimalAt + 1) === ",") code = "D3087";
  } else if (integerPart.endsWith(",")) {
    code = "D3088";
  }
  if (text.includes(",,")) code = "D3089";
  const firstHash = integerPart.indexOf("#");

  if (firstHash !== -1 && countOf(integerPart.slice(0, firstHash), isDigit) > 0) code = "D3090";
  const lastHash = fractionalPart.lastIndexOf("#");

  if (lastHash !== -1 && countOf(fractionalPart.slice(lastHash), isDigit) > 0) code = "D3091";
  const percentLike = text.includes("%") || text.includes("‰");

  if (exponentPart !== undefined && exponentPart.length > 0 && percentLike) code = "D3092";
  if (exponentPart !== undefined && (exponentPart.length === 0 || countOf(exponentPart, (ch) => !isDigit(ch)) > 0)) code = "D3093";
  return code;
}

function measure(parts: Parts): SubPicture {
  const integerGroups = groupPositions(parts.integerPart, parts.integerPart, false);
  const fractionalGroups = groupPositions(parts.fractionalPart, parts.integerPart, true);
  const hasExponent = parts.exponentPart !== undefined;
  let minIntegerDigits = countOf(parts.integerPart, isDigit);
  const scalingFactor = minIntegerDigits;
  let minFractionDigits = countOf(parts.fractionalPart, isDigit);
  let maxFractionDigits = countOf(parts.fractionalPart, isDigitOrHash);

  if (minIntegerDigits === 0 && maxFractionDigits === 0) {
    if (hasExponent) {
      minFractionDigits = 1;
      maxFractionDigits = 1;
    } else {
      minIntegerDigits = 1;
    }
  }
  if (hasExponent && minIntegerDigits === 0 && parts.integerPart.includes("#")) minIntegerDigits = 1;
  if (minIntegerDigits === 0 && minFractionDigits === 0) minFractionDigits = 1;
  const percent = parts.text.includes("%");
  const perMille = parts.text.includes("‰");
  const regularGrouping = regularInterval(integerGroups);

  return {
    text: parts.text,
    percent,
    perMille,
    hasDecimalSeparator: parts.text.includes("."),
    prefix: parts.prefix,
    suffix: parts.suffix,
    integerPart: parts.integerPart,
    fractionalPart: parts.fractionalPart,
    exponentPart: parts.exponentPart,
    integerGroups,
    regularGrouping,
    regularLayout: !hasExponent && fractionalGroups.length === 0 && (regularGrouping > 0 || integerGroups.length === 0),
    fractionalGroups,
    minIntegerDigits,
    scalingFactor,
    minFractionDigits,
    maxFractionDigits,
    minExponentDigits: hasExponent ? countOf(parts.exponentPart!, isDigit) : 0,
  };
}

// Digit positions of the grouping separators: counted to the right of each separator in the
// integer part, to its left in the fractional part. JSONata finds the first separator in `part`
// and every later one in the integer part; that is kept.
function groupPositions(part: string, integerPart: string, countLeft: boolean): number[] {
  const positions: number[] = [];
  let at = part.indexOf(",");

  while (at !== -1) {
    positions.push(countOf(countLeft ? part.slice(0, at) : part.slice(at), isDigitOrHash));
    at = integerPart.indexOf(",", at + 1);
  }
  return positions;
}

// The interval of evenly spaced separators (every 3 digits: 3), or 0 when they are irregular.
function regularInterval(positions: readonly number[]): number {
  if (positions.length === 0) return 0;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const factor = positions.reduce(gcd);

  for (let i = 1; i <= positions.length; i++) if (!positions.includes(i * factor)) return 0;
  return factor;
}

/** Formats a number with an analysed picture. */
export function formatWithPicture(value: number, analysis: PictureAnalysis): string {
  if ("error" in analysis) throw analysis.error;
  const picture = value >= 0 ? analysis.positive : analysis.negative;
  let adjusted = value;

  if (picture.percent) adjusted = value * 100;
  else if (picture.perMille) adjusted = value * 1000;
  let mantissa = adjusted;
  let exponent: number | undefined;

  if (picture.minExponentDigits > 0) [mantissa, exponent] = scale(adjusted, picture.scalingFactor);
  else if (picture.regularLayout) {
    const text = formatShortRegular(mantissa < 0 ? -mantissa : mantissa, picture);

    if (text !== undefined) return text;
  }
  // When rounding cannot change the mantissa, its shortest decimal gives the digits. It lacks
  // the trailing zeros toFixed would add, but both assembly steps strip those zeros anyway.
  let text =
    shortDecimalText(Math.abs(mantissa), picture.maxFractionDigits) ??
    toFixedText(Math.abs(round(mantissa, picture.maxFractionDigits)!), picture.maxFractionDigits);

  text = picture.fractionalGroups.length === 0 && (picture.regularGrouping > 0 || picture.integerGroups.length === 0)
    ? assembleRegular(text, picture)
    : assembleByPositions(text, picture);
  if (exponent !== undefined) {
    const digits = Math.abs(exponent).toFixed(0).padStart(picture.minExponentDigits, "0");

    text += "e" + (exponent < 0 ? "-" : "") + digits;
  }
  return picture.prefix + text + picture.suffix;
}

// The common case in one pass: a picture without exponent and with regular grouping, and a value
// whose shortest decimal (its String) needs no rounding to the picture's decimals. That decimal
// has no leading zeros other than a lone "0" and no trailing zeros after the point, so only the
// padding and the separators remain to add. Returns undefined when the value needs rounding.
function formatShortRegular(value: number, picture: SubPicture): string | undefined {
  const digits = String(value);
  const length = digits.length;
  let point = length;

  for (let i = 0; i < length; i++) {
    const code = digits.charCodeAt(i);

    if (code === 46) point = i;
    else if (code < 48 || code > 57) return undefined;
  }
  const decimalCount = point === length ? 0 : length - point - 1;
  const zeroInteger = point === 1 && digits.charCodeAt(0) === 48;
  const integerCount = zeroInteger ? 0 : point;

  if (decimalCount > picture.maxFractionDigits || integerCount + picture.maxFractionDigits > MAX_SHORT_DIGITS) return undefined;
  let integer = digits.slice(0, point);

  if (zeroInteger) integer = "";

  if (integerCount < picture.minIntegerDigits) integer = "0".repeat(picture.minIntegerDigits - integerCount) + integer;
  const interval = picture.regularGrouping;

  if (interval > 0 && integer.length > interval) {
    let cut = integer.length % interval || interval;
    let grouped = integer.slice(0, cut);

    for (; cut < integer.length; cut += interval) grouped += "," + integer.slice(cut, cut + interval);
    integer = grouped;
  }
  let text = integer;

  if (picture.hasDecimalSeparator && (decimalCount > 0 || picture.minFractionDigits > 0)) {
    text += ".";
    if (decimalCount > 0) text += digits.slice(point + 1);
    if (decimalCount < picture.minFractionDigits) text += "0".repeat(picture.minFractionDigits - decimalCount);
  }
  return picture.prefix + text + picture.suffix;
}

// Mantissa and exponent with the mantissa between 10^(scaling-1) and 10^scaling.
function scale(value: number, scalingFactor: number): [number, number] {
  // NOTE: JSONata 2.2.2 loops forever on ±Infinity here; closures raise D1001 instead.
  if (!Number.isFinite(value) && !Number.isNaN(value)) throw failure("D1001", { value });
  const upper = Math.pow(10, scalingFactor);
  const lower = Math.pow(10, scalingFactor - 1);
  let mantissa = value;
  let exponent = 0;

  if (mantissa !== 0) {
    while (Math.abs(mantissa) < lower) {
      mantissa *= 10;
      exponent -= 1;
    }
    while (Math.abs(mantissa) > upper) {
      mantissa /= 10;
      exponent += 1;
    }
  }
  return [mantissa, exponent];
}

// JSONata's steps on the digits. It appends a decimal point if there is none, strips leading and
// trailing zeros and pads back to the minimum digits. Then it inserts grouping separators at
// their positions and drops the point when the picture has none or no decimals follow it.
function assembleByPositions(digits: string, picture: SubPicture): string {
  let text = digits.includes(".") ? digits : digits + ".";

  text = stripZeros(text);
  text = padDigits(text, picture);
  text = insertGroupingSeparators(text, picture);
  if (!picture.hasDecimalSeparator || text.indexOf(".") === text.length - 1) text = text.slice(0, -1);
  return text;
}

// The same steps on the integer and decimal parts apart, for the common pictures: separators
// every n digits of the integer part (or none) and none among the decimals.
function assembleRegular(digits: string, picture: SubPicture): string {
  const point = digits.indexOf(".");
  let integer = point === -1 ? digits : digits.slice(0, point);
  let decimals = point === -1 ? "" : digits.slice(point + 1);
  let start = 0;
  let end = decimals.length;

  while (start < integer.length && integer.charCodeAt(start) === 48) start++;
  while (end > 0 && decimals.charCodeAt(end - 1) === 48) end--;
  integer = integer.slice(start);
  decimals = decimals.slice(0, end);
  if (integer.length < picture.minIntegerDigits) integer = "0".repeat(picture.minIntegerDigits - integer.length) + integer;
  if (decimals.length < picture.minFractionDigits) decimals += "0".repeat(picture.minFractionDigits - decimals.length);
  const interval = picture.regularGrouping;

  if (interval > 0 && integer.length > interval) {
    let cut = integer.length % interval || interval;
    let grouped = integer.slice(0, cut);

    for (; cut < integer.length; cut += interval) grouped += "," + integer.slice(cut, cut + interval);
    integer = grouped;
  }
  return !picture.hasDecimalSeparator || decimals.length === 0 ? integer : integer + "." + decimals;
}

// Removes leading and trailing zeros ("0012.50" to "12.5", "0." to ".").
function stripZeros(text: string): string {
  let start = 0;
  let end = text.length;

  while (start < end && text.charCodeAt(start) === 48) start++;
  while (end > start && text.charCodeAt(end - 1) === 48) end--;
  return text.slice(start, end);
}

function padDigits(text: string, picture: SubPicture): string {
  const decimalAt = text.indexOf(".");
  const padLeft = picture.minIntegerDigits - decimalAt;
  const padRight = picture.minFractionDigits - (text.length - decimalAt - 1);

  return (padLeft > 0 ? "0".repeat(padLeft) : "") + text + (padRight > 0 ? "0".repeat(padRight) : "");
}

function insertGroupingSeparators(digits: string, picture: SubPicture): string {
  let text = digits;
  let decimalAt = text.indexOf(".");
  const insertAt = (at: number): void => {
    text = text.slice(0, at) + "," + text.slice(at);
  };

  if (picture.regularGrouping > 0) {
    const groups = Math.floor((decimalAt - 1) / picture.regularGrouping);

    for (let group = 1; group <= groups; group++) insertAt(decimalAt - group * picture.regularGrouping);
  } else {
    for (const position of picture.integerGroups) {
      insertAt(decimalAt - position);
      decimalAt++;
    }
  }
  decimalAt = text.indexOf(".");
  for (const position of picture.fractionalGroups) insertAt(position + decimalAt + 1);
  return text;
}
