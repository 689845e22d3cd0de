/**
 * A failure inside a compiled closure. `code` is the error code JSONata 2.2.2 raises for the same
 * input. `D0000` marks a failure for which JSONata has no code of its own.
 */
export class ClosureError extends Error {
  readonly code: string;
  readonly position: number | undefined;

  constructor(code: string, detail: string, position?: number) {
    super(detail);
    this.name = "ClosureError";
    this.code = code;
    this.position = position;
  }
}

// Our own wording of what each code means; the values are shown as JSON, as JSONata does.
const DESCRIPTIONS: Record<string, string> = {
  D1001: "number out of range: {value}",
  D1002: "cannot negate a value that is not a number: {value}",
  D2015: "a sequence grew past the limit of {value} items",
  T0410: "argument {index} of function {token} does not match its signature",
  T0411: "the context value does not fit argument {index} of function {token}",
  T0412: "argument {index} of function {token} must be an array of {type}",
  T2001: "the left side of {token} must be a number",
  T2002: "the right side of {token} must be a number",
  T2009: "the values {value} and {value2} on either side of {token} must have the same type",
  T2010: "the values on either side of {token} must be numbers or strings",
  D3001: "string functions cannot take Infinity or NaN",
  D3010: "the pattern of $replace must not be an empty string",
  D3011: "the limit of $replace must not be negative",
  D3020: "the limit of $split must not be negative",
  D3030: "cannot convert {value} to a number",
  D3080: "a picture string has at most two sub-pictures",
  D3081: "a sub-picture has at most one decimal separator",
  D3082: "a sub-picture has at most one percent sign",
  D3083: "a sub-picture has at most one per-mille sign",
  D3084: "a sub-picture cannot have both a percent and a per-mille sign",
  D3085: "the mantissa of a sub-picture needs at least one digit or # sign",
  D3086: "a sub-picture cannot have a passive character between two active ones",
  D3087: "a grouping separator cannot stand next to the decimal separator",
  D3088: "the integer part of a sub-picture cannot end with a grouping separator",
  D3089: "a sub-picture cannot have two grouping separators in a row",
  D3090: "in the integer part, a # sign cannot follow a digit",
  D3091: "in the fractional part, a digit cannot follow a # sign",
  D3092: "a sub-picture with a percent or per-mille sign cannot have an exponent",
  D3093: "the exponent of a sub-picture must consist of digits only",
};

/** Details that fill a message: the offending values, the operator or function, the argument. */
export interface FailureDetails {
  value?: unknown;
  value2?: unknown;
  token?: string;
  index?: number;
  type?: string;
}

/** Builds the error JSONata raises with `code`, described in our own words. */
export function failure(code: string, details: FailureDetails = {}, position?: number): ClosureError {
  const template = DESCRIPTIONS[code] ?? code;
  const detail = template.replace(/\{(\w+)\}/g, (_match, key: keyof FailureDetails) => describe(details[key]));

  return new ClosureError(code, detail, position);
}

function describe(value: unknown): string {
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? "undefined";
  } catch {
    return String(value);
  }
}
