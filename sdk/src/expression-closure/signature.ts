import { failure } from "./closure-error.js";
import { typeSymbol } from "./values.js";

/**
 * One parameter of a built-in function, as JSONata's signature notation describes it: `types`
 * lists the accepted type letters (see {@link typeSymbol}); a missing argument (`m`) always fits.
 */
export interface Parameter {
  readonly types: string;
  /** `?` in the signature: the argument may be left out. */
  readonly optional?: boolean;
  /** `-` in the signature: when left out, the context value takes its place. */
  readonly context?: boolean;
  /** `a` in the signature: a single value is wrapped into an array of one. */
  readonly array?: boolean;
  /** `a<n>` or `a<s>`: the type letter every member must have. */
  readonly members?: string;
}

/**
 * Matches argument types to parameters as JSONata 2.2.2 does. JSONata turns the signature into a
 * regular expression with one group per parameter and matches the argument type letters against
 * it, so an optional or context parameter takes an argument when it can and is skipped otherwise.
 * This walks the same choices in the same order without building the expression.
 *
 * @returns for each parameter, the index of the argument it takes, or -1 when it takes none;
 *   null when the arguments do not fit
 */
export function matchParameters(parameters: readonly Parameter[], symbols: readonly string[], wholeInput = true): number[] | null {
  const taken: number[] = new Array(parameters.length).fill(-1);

  return assign(parameters, symbols, 0, 0, taken, wholeInput) >= 0 ? taken : null;
}

// Returns the number of arguments consumed when parameters from `p` on fit, or -1.
function assign(parameters: readonly Parameter[], symbols: readonly string[], p: number, a: number, taken: number[], wholeInput: boolean): number {
  if (p === parameters.length) return !wholeInput || a === symbols.length ? a : -1;
  const parameter = parameters[p];
  const symbol = symbols[a];

  if (symbol !== undefined && (symbol === "m" || parameter.types.includes(symbol))) {
    taken[p] = a;
    const consumed = assign(parameters, symbols, p + 1, a + 1, taken, wholeInput);

    if (consumed >= 0) return consumed;
  }
  taken[p] = -1;
  if (!parameter.optional && !parameter.context) return -1;
  return assign(parameters, symbols, p + 1, a, taken, wholeInput);
}

/**
 * A built-in function's parameters, ready to check calls: {@link Signature.validate} returns the
 * arguments as the function takes them, with the context value in place of a left-out context
 * argument and single values wrapped where an array is expected. It raises T0410 for a mismatch,
 * T0411 for a context value of the wrong type and T0412 for an array with members of the wrong
 * type.
 */
export class Signature {
  // Minimum argument count for the quick check. The parameters after it are optional.
  private readonly requiredCount: number;

  constructor(
    readonly name: string,
    readonly parameters: readonly Parameter[],
  ) {
    const trailingOptional = (parameter: Parameter): boolean => parameter.optional === true && !parameter.context;
    let required = parameters.length;

    while (required > 0 && trailingOptional(parameters[required - 1])) required--;
    this.requiredCount = required;
  }

  validate(args: unknown[], context: unknown): unknown[] {
    // The common case first: each argument fits the parameter at its position and only optional
    // parameters are left over. The regular expression matches that on its first try, so the
    // arguments pass unchanged.
    if (args.length >= this.requiredCount && args.length <= this.parameters.length && this.eachFits(args)) return args;
    return this.validateSlowly(args, context);
  }

  /**
   * Returns true when `count` arguments can pass unchanged as far as their number goes: the
   * parameters after them are optional and none before them is missing.
   */
  takesCount(count: number): boolean {
    return count >= this.requiredCount && count <= this.parameters.length;
  }

  /** Returns true when the value fits the parameter at `index` unchanged, with no wrapping. */
  fitsAt(index: number, value: unknown): boolean {
    const parameter = this.parameters[index];
    const symbol = typeSymbol(value);

    if (symbol === "m") return true;
    if (parameter.array) return symbol === "a" && (parameter.members === undefined || membersFit(parameter.members, value, symbol));
    return parameter.types.includes(symbol);
  }

  private eachFits(args: readonly unknown[]): boolean {
    for (let i = 0; i < args.length; i++) {
      if (!this.fitsAt(i, args[i])) return false;
    }
    return true;
  }

  private validateSlowly(args: readonly unknown[], context: unknown): unknown[] {
    const { name, parameters } = this;
    const symbols = args.map(typeSymbol);
    const taken = matchParameters(parameters, symbols);

    if (taken === null) throw mismatch(name, parameters, args, symbols);
    const validated: unknown[] = [];
    // Counts arguments the way JSONata's validator does, for the same argument numbers in errors.
    let argIndex = 0;

    for (let p = 0; p < parameters.length; p++) {
      const parameter = parameters[p];

      if (taken[p] === -1 && parameter.context) {
        validated.push(contextArgument(name, parameter, context, argIndex + 1));
      } else if (taken[p] === -1 || !parameter.array) {
        validated.push(args[argIndex++]);
      } else {
        validated.push(arrayArgument(name, parameter, args[argIndex], symbols[taken[p]], argIndex));
        argIndex++;
      }
    }
    return validated;
  }
}

function contextArgument(name: string, parameter: Parameter, context: unknown, index: number): unknown {
  const symbol = typeSymbol(context);

  if (symbol === "m" || parameter.types.includes(symbol)) return context;
  throw failure("T0411", { token: name, index, value: context });
}

function arrayArgument(name: string, parameter: Parameter, arg: unknown, symbol: string, index: number): unknown {
  if (symbol === "m") return undefined;
  if (parameter.members !== undefined && !membersFit(parameter.members, arg, symbol)) {
    throw failure("T0412", { token: name, index: index + 1, value: arg, type: parameter.members === "n" ? "numbers" : "strings" });
  }
  return symbol === "a" ? arg : [arg];
}

function membersFit(members: string, arg: unknown, symbol: string): boolean {
  if (symbol !== "a") return symbol === members;
  const list = arg as unknown[];

  if (list.length === 0) return true;
  const first = typeSymbol(list[0]);

  if (first !== members) return false;
  for (let i = 1; i < list.length; i++) if (typeSymbol(list[i]) !== first) return false;
  return true;
}

// JSONata reports the first argument at which a growing prefix of the signature stops matching.
function mismatch(name: string, parameters: readonly Parameter[], args: readonly unknown[], symbols: readonly string[]): Error {
  let goodTo = 0;

  for (let p = 1; p <= parameters.length; p++) {
    const taken = matchParameters(parameters.slice(0, p), symbols, false);

    if (taken === null) break;
    goodTo = consumedBy(taken);
  }
  return failure("T0410", { token: name, index: goodTo + 1, value: args[goodTo] });
}

function consumedBy(taken: readonly number[]): number {
  let last = -1;

  for (const index of taken) if (index > last) last = index;
  return last + 1;
}
