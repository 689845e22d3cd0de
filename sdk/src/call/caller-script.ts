/** One scripted caller action at a time offset from the start of the call. */
export interface CallerAction {
  /** Milliseconds after the call starts. */
  atMs: number;
  /** A DTMF key, or `hangup`. */
  action: string;
}

/** Gap before an action written without a time: 300 ms after the previous one. */
export const DEFAULT_ACTION_GAP_MS = 300;

const KEY = /^[0-9*#A-D]$/;

/** A caller script that does not parse; the message names the action and the fix. */
export class CallerScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallerScriptError";
  }
}

/**
 * Parses a caller script: comma-separated actions, each a key (`0-9 * #`) or `hangup`,
 * optionally followed by `@TIME` in seconds (`2s`, `2.4s`) or milliseconds (`2400ms`) from
 * the call's start. An action without a time comes 300 ms after the previous one. Several keys
 * may be written together (`1234#`), 300 ms apart.
 *
 * @example parseCallerScript("1@2s,*@2.4s,4567#,hangup@9s")
 */
export function parseCallerScript(script: string): CallerAction[] {
  const actions: CallerAction[] = [];
  let previous = 0;

  if (script.trim() === "") return actions;
  const parts = script.split(",").map((part) => part.trim());

  for (const [position, raw] of parts.entries()) {
    if (raw === "") {
      const after = position > 0 ? ` after "${parts[position - 1]}"` : " at the start";

      throw new CallerScriptError(`caller script "${script}" has an empty action${after}; remove the extra comma`);
    }
    const [what, when, extra] = raw.split("@");

    if (extra !== undefined) throw new CallerScriptError(`caller action "${raw}" has two "@"; write KEY@TIME such as 1@2s`);
    if (what === "") throw new CallerScriptError(`caller action "${raw}" has no key; write KEY@TIME such as 1@2s`);
    const at = when === undefined ? undefined : parseTime(when, raw);

    if (at !== undefined && at < previous) {
      throw new CallerScriptError(`caller action "${raw}" is at ${at} ms, before the previous action at ${previous} ms; list actions in time order`);
    }
    const keys = what === "hangup" ? ["hangup"] : [...what];

    keys.forEach((key, index) => {
      if (key !== "hangup" && !KEY.test(key)) {
        throw new CallerScriptError(`caller action "${raw}" has "${key}", which is not a key; use 0-9, *, #, A-D or hangup`);
      }
      previous = index === 0 && at !== undefined ? at : previous + DEFAULT_ACTION_GAP_MS;
      actions.push({ atMs: previous, action: key });
    });
  }
  return actions;
}

function parseTime(text: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());

  if (!match) throw new CallerScriptError(`caller action "${raw}" has time "${text}"; write seconds such as 2s or 2.4s, or 2400ms`);
  const value = Number(match[1]);

  return Math.round(match[2] === "ms" ? value : value * 1000);
}

/** Formats actions back into script text, with explicit times. */
export function formatCallerScript(actions: readonly CallerAction[]): string {
  return actions.map((a) => `${a.action}@${a.atMs / 1000}s`).join(",");
}
