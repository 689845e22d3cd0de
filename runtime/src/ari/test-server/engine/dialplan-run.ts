import type { TimerHandle } from "@callflow/sdk";

import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { answerChannel, indicateUpstream, setState } from "./channel-state.js";
import type { DialplanStep } from "./dialplan-table.js";
import { hangUp } from "./hangup.js";
import { enterStasis } from "./stasis.js";
import { setVariable } from "./variables.js";

/** The dialplan a channel is running: its location and the application at that priority. */
export interface DialplanRun {
  context: string;
  exten: string;
  priority: number;
  currentApp: string;
  timer?: TimerHandle;
}

/** Outcome of a dialplan application: go on now, go on later, hold the channel, or end. */
type StepOutcome = { next: number } | "hold" | "end";

/** Returns the steps of an extension, or undefined when the context or extension does not exist. */
export function lookupSteps(core: AsteriskCore, channel: SimChannel, context: string, exten: string): DialplanStep[] | undefined {
  const synthetic = channel.syntheticExtension;

  if (synthetic && synthetic.context === context && synthetic.exten === exten) return synthetic.steps;
  return core.options.dialplan[context]?.[exten];
}

/** Returns the priority of `label` in an extension (a number is taken as it is), or undefined. */
export function findLabel(steps: DialplanStep[] | undefined, label: string): number | undefined {
  if (/^\d+$/.test(label)) return Number(label);

  const index = steps?.findIndex((step) => step.label === label) ?? -1;

  return index === -1 ? undefined : index + 1;
}

/** Starts running the dialplan at a location, sending `ChannelDialplan` for every application. */
export function runDialplan(core: AsteriskCore, channel: SimChannel, context: string, exten: string, priority: number): void {
  stopDialplan(core, channel);
  channel.run = { context, exten, priority, currentApp: "" };
  step(core, channel);
}

export function stopDialplan(core: AsteriskCore, channel: SimChannel): void {
  core.cancel(channel.run?.timer);
  channel.run = undefined;
}

function step(core: AsteriskCore, channel: SimChannel): void {
  for (;;) {
    const run = channel.run;

    if (!run || !channel.alive) return;

    const steps = lookupSteps(core, channel, run.context, run.exten);
    const current = steps?.[run.priority - 1];

    if (!current) {
      finish(core, channel, steps === undefined ? 0 : 16);
      return;
    }

    run.currentApp = current.app;
    channel.dialplan = { context: run.context, exten: run.exten, priority: run.priority, app_name: current.app, app_data: current.data ?? "" };
    core.publish(
      "ChannelDialplan",
      { dialplan_app: current.app, dialplan_app_data: current.data ?? "", channel: core.channelJson(channel) },
      { channels: [channel] },
    );

    const outcome = execute(core, channel, current);

    if (outcome === "hold") return;
    if (outcome === "end") {
      finish(core, channel, 16);
      return;
    }
    if (outcome.next > 0) {
      run.timer = core.after(outcome.next, () => {
        run.priority++;
        step(core, channel);
      });
      return;
    }
    run.priority++;
  }
}

/** Hangs up a channel whose dialplan ran out: a `;1` half without a request, other channels softly. */
function finish(core: AsteriskCore, channel: SimChannel, cause: number): void {
  channel.run = undefined;
  hangUp(core, channel, { kind: channel.kind === "local1" ? "direct" : "dialplan-end", cause: channel.ownCause ?? cause });
}

function execute(core: AsteriskCore, channel: SimChannel, current: DialplanStep): StepOutcome {
  const data = current.data ?? "";

  switch (current.app) {
    case "Answer":
      if (channel.state === "Up") return { next: 0 };
      answerChannel(core, channel);
      return { next: channel.media ? core.options.timings.firstMediaFrameMs : core.options.timings.answerMediaWaitMs };
    case "Ringing":
    case "Progress":
      indicateUpstream(core, channel, current.app === "Ringing" ? "ringing" : "progress");
      return { next: 0 };
    case "Wait":
      return { next: Math.max(0, Number(data) * 1000) };
    case "Busy":
    case "Congestion":
      if (channel.state !== "Up") {
        channel.ownCause = current.app === "Busy" ? 17 : 34;
        setState(core, channel, "Busy");
      }
      indicateUpstream(core, channel, current.app === "Busy" ? "busy" : "congestion");
      return "hold";
    case "Hangup":
      channel.ownCause = data === "" ? 16 : Number(data);
      return "end";
    case "Set": {
      const [name, ...value] = data.split("=");

      setVariable(core, channel, name, value.join("="));
      return { next: 0 };
    }
    case "Stasis": {
      const [app, ...args] = data.split(",");

      return enterStasis(core, channel, app, args, true) ? "hold" : { next: 0 };
    }
    case "Echo":
      return "hold";
    default:
      return { next: 0 };
  }
}
