import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { findLabel, lookupSteps, runDialplan } from "./dialplan-run.js";
import { endStasis } from "./stasis.js";

export interface DialplanTarget {
  context: string;
  exten: string;
  priority: number;
}

/**
 * Resolves where `continue` sends a channel. With no parameters it is the next priority of the
 * current location. A missing context or extension is the current one, and `label` wins over `priority`.
 * Returns undefined when the label cannot be found (404 in ARI).
 */
export function resolveContinueTarget(
  core: AsteriskCore,
  channel: SimChannel,
  request: { context?: string; extension?: string; priority?: number; label?: string },
): DialplanTarget | undefined {
  const here = channel.run ?? { context: channel.dialplan.context, exten: channel.dialplan.exten, priority: channel.dialplan.priority };
  const context = request.context || here.context;
  const exten = request.extension || here.exten;

  if (request.label) {
    const priority = findLabel(lookupSteps(core, channel, context, exten), request.label);

    return priority === undefined ? undefined : { context, exten, priority };
  }
  if (!request.context && !request.extension && !request.priority) return { context, exten, priority: here.priority + 1 };
  return { context, exten, priority: request.priority || 1 };
}

/**
 * Leaves Stasis and runs the dialplan at `target`: `StasisEnd` (after `ChannelLeftBridge` for a
 * bridged channel), then one `ChannelDialplan` per application for applications still
 * subscribed. A location that does not exist hangs the channel up with cause 0.
 */
export function continueInDialplan(core: AsteriskCore, channel: SimChannel, target: DialplanTarget): void {
  endStasis(core, channel, "continue");
  runDialplan(core, channel, target.context, target.exten, target.priority);
}
