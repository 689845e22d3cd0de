import type { AsteriskCore } from "../core/asterisk.js";
import { SimChannel } from "../core/channel.js";
import { publishConnectedLine } from "./connected-line.js";
import { lookupSteps, runDialplan } from "./dialplan-run.js";
import { failLocalCall, hangUp, publishDial } from "./hangup.js";
import { enterStasis } from "./stasis.js";
import { parseCallerId, publishCallerId } from "./variables.js";

/** A Local endpoint, `Local/<exten>@<context>`; the context defaults to `default`. */
export interface LocalTarget {
  exten: string;
  context: string;
}

export function parseLocalResource(resource: string): LocalTarget {
  const [destination] = resource.split("/");
  const at = destination.indexOf("@");

  if (at === -1) return { exten: destination, context: "default" };
  return { exten: destination.slice(0, at), context: destination.slice(at + 1) || "default" };
}

/**
 * Creates both halves of a Local channel. Their unique ids are consecutive unless the request
 * gave `channelId` (then `;2` is `<channelId>;2`) or `otherChannelId`.
 */
export function createLocalPair(
  core: AsteriskCore,
  target: LocalTarget,
  ids: { channelId?: string; otherChannelId?: string },
): [SimChannel, SimChannel] {
  const id1 = ids.channelId ?? core.nextUniqueId();
  const id2 = ids.otherChannelId ?? (ids.channelId ? `${ids.channelId};2` : core.nextUniqueId());
  const base = `Local/${target.exten}@${target.context}-${core.nextLocalSequence()}`;
  const now = core.now();
  const location = { context: target.context, exten: target.exten, priority: 1 };
  const local1 = new SimChannel(id1, `${base};1`, "local1", now, {
    state: "Down",
    dialplan: { ...location, app_name: "AppDial2", app_data: "(Outgoing Line)" },
    media: false,
  });
  const local2 = new SimChannel(id2, `${base};2`, "local2", now, { state: "Ring", dialplan: { ...location, app_name: "", app_data: "" }, media: false });

  local1.peer = local2;
  local2.peer = local1;
  core.channels.set(id1, local1);
  core.channels.set(id2, local2);
  return [local1, local2];
}

export interface OriginateOptions {
  target: LocalTarget;
  app?: string;
  appArgs: string[];
  context: string;
  extension: string;
  priority: number;
  callerId?: string;
  /** Seconds before giving up; 0 or less waits forever. */
  timeoutSeconds: number;
  variables: Record<string, string>;
  channelId?: string;
  otherChannelId?: string;
}

/**
 * `POST /channels`: returns `;1` in state Down at once; the dial and its events follow a moment
 * later. With `app`, the application is subscribed to both halves, so it receives `;2`'s dialplan events.
 */
export function originate(core: AsteriskCore, options: OriginateOptions): SimChannel {
  const [local1, local2] = createLocalPair(core, options.target, options);

  for (const [name, value] of Object.entries(options.variables)) local1.variables.set(name, value);
  if (options.callerId !== undefined) {
    local1.caller = parseCallerId(options.callerId);
    local1.connected = { ...local1.caller };
  }
  if (options.app) {
    local1.subscribers.add(options.app);
    local2.subscribers.add(options.app);
  }
  local1.outbound = {
    mode: "originate",
    then: options.app
      ? { kind: "app", app: options.app, args: options.appArgs }
      : { kind: "dialplan", context: options.context, exten: options.extension, priority: options.priority },
    dialstring: `${options.target.exten}@${options.target.context}`,
  };
  core.after(0, () => startLocalDial(core, local1, options.callerId !== undefined, options.timeoutSeconds));
  return local1;
}

/**
 * `POST /channels/create`: both halves exist at once and `;1` enters Stasis in state Down
 * without `STASISSTATUS`; only `;1` is subscribed, so `;2` sends the application nothing.
 */
export function createChannel(core: AsteriskCore, options: { target: LocalTarget; app: string; appArgs: string[]; variables: Record<string, string>; channelId?: string; otherChannelId?: string }): SimChannel {
  const [local1] = createLocalPair(core, options.target, options);
  const appData = [options.app, ...options.appArgs].join(",");

  for (const [name, value] of Object.entries(options.variables)) local1.variables.set(name, value);
  local1.subscribers.add(options.app);
  core.after(0, () => {
    if (!local1.alive) return;
    local1.dialplan = { ...local1.dialplan, app_name: "Stasis", app_data: appData };
    core.publish("ChannelDialplan", { dialplan_app: "Stasis", dialplan_app_data: appData, channel: core.channelJson(local1) }, { channels: [local1] });
    if (!enterStasis(core, local1, options.app, options.appArgs, false)) hangUp(core, local1, { kind: "direct", cause: 16 });
  });
  return local1;
}

/** `POST /channels/{id}/dial` on a created channel; 0 seconds means the default 30, -1 no limit. */
export function dialCreated(core: AsteriskCore, local1: SimChannel, timeoutSeconds: number): void {
  const { exten, context } = local1.dialplan;

  local1.outbound = { mode: "dial", then: { kind: "stay" }, dialstring: `${exten}@${context}` };
  core.after(0, () => startLocalDial(core, local1, false, timeoutSeconds === 0 ? 30 : timeoutSeconds));
}

function startLocalDial(core: AsteriskCore, local1: SimChannel, callerIdSet: boolean, timeoutSeconds: number): void {
  const local2 = local1.peer;

  if (!local1.alive || !local1.outbound || !local2?.alive) return;
  if (callerIdSet) {
    local2.caller = { ...local1.connected };
    local2.connected = { ...local1.caller };
    publishCallerId(core, local2);
    publishConnectedLine(core, local2);
  }

  const { context, exten } = local2.dialplan;

  if (lookupSteps(core, local2, context, exten) === undefined) {
    failMissingExtension(core, local1, local2);
    return;
  }

  publishDial(core, local1, "");
  if (timeoutSeconds > 0) local1.outbound.timer = core.after(timeoutSeconds * 1000, () => dialTimedOut(core, local1));
  runDialplan(core, local2, context, exten, 1);
}

/** No such extension: an originate destroys both halves (cause 0); a created `;1` leaves Stasis with 16. */
function failMissingExtension(core: AsteriskCore, local1: SimChannel, local2: SimChannel): void {
  if (local1.outbound?.mode === "originate") {
    failLocalCall(core, local1, local2);
    return;
  }
  local1.outbound = undefined;
  local1.peer = undefined;
  local2.destroyed = true;
  core.channels.delete(local2.id);
  hangUp(core, local1, { kind: "direct", cause: 16 });
}

/** Ends a dial that timed out before answer: cause 19, with no final `Dial` event. */
function dialTimedOut(core: AsteriskCore, local1: SimChannel): void {
  const dial = local1.outbound;

  if (!dial) return;
  local1.outbound = undefined;
  hangUp(core, local1, { kind: dial.mode === "originate" ? "direct" : "explicit", cause: 19 });
}
