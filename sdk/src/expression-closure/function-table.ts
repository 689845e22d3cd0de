import { ClosureError } from "./closure-error.js";
import { analysePicture, formatWithPicture, type PictureAnalysis } from "./format-number.js";
import * as numeric from "./functions-number.js";
import * as text from "./functions-text.js";
import { Signature, type Parameter } from "./signature.js";

/** A built-in function that closures call directly, with JSONata's signature for it. */
export interface BuiltIn {
  readonly signature: Signature;
  /** Takes the checked arguments. */
  readonly call: (...args: unknown[]) => unknown;
  /** Argument counts closures support; other counts are left to the JSONata engine. */
  readonly arities?: readonly number[];
  /**
   * Makes a faster `call` for a call site whose arguments are partly literals (`literals[i]` is
   * the literal, or {@link NOT_LITERAL}), or returns undefined to keep `call`.
   */
  readonly specialize?: (literals: readonly unknown[]) => BuiltIn["call"] | undefined;
}

/** Marks an argument that is not a literal, for {@link BuiltIn.specialize}. */
export const NOT_LITERAL: unique symbol = Symbol("not a literal");

// Shorthands for parameter lists, after JSONata's signature letters.
const string: Parameter = { types: "s" };
const stringOrContext: Parameter = { types: "s", context: true };
const number: Parameter = { types: "n" };
const numberOrContext: Parameter = { types: "n", context: true };
const optionalNumber: Parameter = { types: "n", optional: true };
const optionalString: Parameter = { types: "s", optional: true };
const anyOrContext: Parameter = { types: "asnblfo", context: true };
const pattern: Parameter = { types: "sf" };
const numbers: Parameter = { types: "asnblfo", array: true, members: "n" };

// The signature check guarantees each implementation the argument types it declares, so the
// cast to a function of unknown arguments is safe.
const builtIn = <F extends (...args: never[]) => unknown>(
  name: string,
  parameters: Parameter[],
  call: F,
  arities?: number[],
  specialize?: BuiltIn["specialize"],
): [string, BuiltIn] => [name, { signature: new Signature(name, parameters), call: call as unknown as BuiltIn["call"], arities, specialize }];

/** The functions closures support, by name without the `$`. */
export const BUILT_INS: ReadonlyMap<string, BuiltIn> = new Map([
  builtIn("length", [stringOrContext], text.length),
  builtIn("substring", [stringOrContext, number, optionalNumber], text.substring),
  builtIn("substringBefore", [stringOrContext, string], text.substringBefore),
  builtIn("substringAfter", [stringOrContext, string], text.substringAfter),
  builtIn("uppercase", [stringOrContext], text.uppercase),
  builtIn("lowercase", [stringOrContext], text.lowercase),
  builtIn("trim", [stringOrContext], text.trim),
  builtIn("pad", [stringOrContext, number, optionalString], text.pad),
  builtIn("contains", [stringOrContext, pattern], text.contains),
  builtIn("split", [stringOrContext, pattern, optionalNumber], text.split),
  builtIn("join", [{ types: "asnblfo", array: true, members: "s" }, optionalString], text.join),
  builtIn("replace", [stringOrContext, pattern, pattern, optionalNumber], text.replace),
  builtIn("number", [{ types: "nsb", context: true }], numeric.toNumber),
  builtIn("string", [anyOrContext, { types: "b", optional: true }], numeric.string),
  builtIn("boolean", [anyOrContext], numeric.boolean),
  builtIn("not", [anyOrContext], numeric.not),
  builtIn("exists", [{ types: "asnblfo" }], numeric.exists),
  builtIn("round", [numberOrContext, optionalNumber], numeric.round),
  builtIn("floor", [numberOrContext], numeric.floor),
  builtIn("ceil", [numberOrContext], numeric.ceil),
  builtIn("abs", [numberOrContext], numeric.abs),
  builtIn("sum", [numbers], numeric.sum),
  builtIn("count", [{ types: "asnblfo", array: true }], numeric.count),
  builtIn("max", [numbers], numeric.max),
  builtIn("min", [numbers], numeric.min),
  builtIn("average", [numbers], numeric.average),
  // The options object of the three-argument form is left to the JSONata engine.
  builtIn("formatNumber", [numberOrContext, string, { types: "o", optional: true }], formatNumber, [0, 1, 2], formatWithLiteralPicture),
]);

// Analyses of picture strings that were not literals, kept so a flow that formats with the same
// variable picture analyses it once.
const pictures = new Map<string, PictureAnalysis>();
const PICTURE_CACHE_LIMIT = 1_000;

/** Analyses a picture string, reusing an earlier analysis of the same text. */
export function pictureAnalysis(picture: string): PictureAnalysis {
  let analysis = pictures.get(picture);

  if (analysis === undefined) {
    analysis = analysePicture(picture);
    if (pictures.size >= PICTURE_CACHE_LIMIT) pictures.delete(pictures.keys().next().value!);
    pictures.set(picture, analysis);
  }
  return analysis;
}

// With exactly two arguments, the signature check either fails or passes them unchanged, so a
// literal second argument is the picture of every call and can be analysed once.
function formatWithLiteralPicture(literals: readonly unknown[]): BuiltIn["call"] | undefined {
  const picture = literals[1];

  if (literals.length !== 2 || typeof picture !== "string") return undefined;
  const analysis = analysePicture(picture);

  return (value) => (value === undefined ? undefined : formatWithPicture(value as number, analysis));
}

function formatNumber(value: number | undefined, picture: unknown): string | undefined {
  if (value === undefined) return undefined;
  // A missing picture fails inside JSONata without an error code.
  if (typeof picture !== "string") throw new ClosureError("D0000", "the picture of $formatNumber must be a string");
  return formatWithPicture(value, pictureAnalysis(picture));
}
