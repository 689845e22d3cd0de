/** One priority of an extension: a dialplan application and its argument string. */
export interface DialplanStep {
  app: string;
  data?: string;
  /** Priority label, for `continue?label=`. */
  label?: string;
}

/** Extensions by context, then by extension name; priority n is `steps[n - 1]`. */
export type DialplanTable = Record<string, Record<string, DialplanStep[]>>;

/** Dialplan applications the simulation runs; any other name is a configuration error. */
export const SUPPORTED_APPS = new Set([
  "Answer",
  "Busy",
  "Congestion",
  "Echo",
  "Hangup",
  "NoOp",
  "Progress",
  "Ringing",
  "Set",
  "Stasis",
  "Wait",
]);

/** Throws when a step names an application the simulation cannot run. */
export function checkSteps(context: string, exten: string, steps: DialplanStep[]): void {
  for (const [index, step] of steps.entries()) {
    if (!SUPPORTED_APPS.has(step.app)) {
      throw new Error(
        `dialplan ${exten}@${context} priority ${index + 1} uses unsupported application "${step.app}"; use one of ${[...SUPPORTED_APPS].join(", ")}`,
      );
    }
  }
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

/**
 * Step lists for the callee behaviours tests need, as the dialplan a real Asterisk would run.
 *
 * @example
 * server.control.setExtension("outbound", "200", extensions.answer({ ringMs: 1000 }));
 */
export const extensions = {
  /**
   * Answers, after ringing for `ringMs` when given, then stays up for `hangupAfterMs` (default:
   * until hung up) and ends its dialplan, which hangs up the far half.
   */
  answer(options: { ringMs?: number; hangupAfterMs?: number } = {}): DialplanStep[] {
    const ringing: DialplanStep[] = options.ringMs ? [{ app: "Ringing" }, { app: "Wait", data: seconds(options.ringMs) }] : [];
    const stay: DialplanStep =
      options.hangupAfterMs === undefined ? { app: "Echo" } : { app: "Wait", data: seconds(options.hangupAfterMs) };

    return [...ringing, { app: "Answer" }, stay];
  },

  busy(): DialplanStep[] {
    return [{ app: "Busy" }];
  },

  congestion(): DialplanStep[] {
    return [{ app: "Congestion" }];
  },

  /** Rings until the caller gives up. */
  noAnswer(): DialplanStep[] {
    return [{ app: "Ringing" }, { app: "Echo" }];
  },

  /** Hangs up before answer with a Q.850 cause; 21 is "Call Rejected". */
  reject(cause = 21): DialplanStep[] {
    return [{ app: "Hangup", data: String(cause) }];
  },

  /** `NoOp()`, `Answer()` (unless `answer` is false), then `Stasis(app[,args])`. */
  stasis(app: string, options: { args?: string[]; answer?: boolean } = {}): DialplanStep[] {
    const data = [app, ...(options.args ?? [])].join(",");
    const answer: DialplanStep[] = options.answer === false ? [] : [{ app: "Answer" }];

    return [{ app: "NoOp" }, ...answer, { app: "Stasis", data }];
  },
};
