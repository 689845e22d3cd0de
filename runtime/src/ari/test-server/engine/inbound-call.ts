import { randomBytes } from "node:crypto";

import type { AsteriskCore } from "../core/asterisk.js";
import { SimChannel } from "../core/channel.js";
import { lookupSteps, runDialplan } from "./dialplan-run.js";
import type { DialplanStep } from "./dialplan-table.js";
import { RemoteParty } from "./remote-party.js";

/** A call from a phone into the dialplan, as a test starts it. */
export interface InboundCallOptions {
  /** Application that the dialplan's `Stasis()` enters. Ignored when the dialplan table defines the extension. */
  app: string;
  /** Arguments of `Stasis(app,...)`. Default none. */
  args?: string[];
  /** Caller number, `CALLERID(num)`. Default `"1000"`. */
  callerNumber?: string;
  callerName?: string;
  /** Dialed extension. Default `"s"`. */
  extension?: string;
  /** Dialplan context. Default `from-external`. */
  context?: string;
  /** Channel variables set before the dialplan runs (they send no events). */
  variables?: Record<string, string>;
  /** Run `Answer()` before `Stasis()`, so the channel arrives Up. Default false: it arrives Ring. */
  answered?: boolean;
  /** The PJSIP endpoint the call comes from, used in the channel name. Default the caller number. */
  endpoint?: string;
  /** Whether the phone sends audio (needed by recordings). Default true. */
  media?: boolean;
}

/**
 * Creates the channel of an inbound call and runs its dialplan: the extension from the dialplan
 * table when it exists, otherwise `[Answer(),] Stasis(app[,args])`. The channel is named like a
 * PJSIP channel, `PJSIP/<endpoint>-<8 hex>`, with a random SIP Call-ID as `protocol_id`. The
 * application receives its events from `StasisStart` on, as for a channel entered through the dialplan.
 * `beforeDialplan` runs once the channel exists, before its first dialplan step.
 */
export function startInboundCall(core: AsteriskCore, options: InboundCallOptions, beforeDialplan?: (channel: SimChannel) => void): SimChannel {
  const context = options.context ?? "from-external";
  const exten = options.extension ?? "s";
  const number = options.callerNumber ?? "1000";
  const endpoint = options.endpoint ?? number;
  const channel = new SimChannel(core.nextUniqueId(), `PJSIP/${endpoint}-${core.nextTechnologySequence()}`, "inbound", core.now(), {
    state: "Ring",
    dialplan: { context, exten, priority: 1, app_name: "", app_data: "" },
    media: options.media ?? true,
  });

  channel.caller = { name: options.callerName ?? "", number };
  channel.protocolId = `${randomBytes(8).toString("hex")}@127.0.0.1`;
  channel.remote = new RemoteParty(() => core.now());
  for (const [name, value] of Object.entries(options.variables ?? {})) channel.variables.set(name, value);
  if (lookupSteps(core, channel, context, exten) === undefined) {
    const steps: DialplanStep[] = [{ app: "Stasis", data: [options.app, ...(options.args ?? [])].join(",") }];

    channel.syntheticExtension = { context, exten, steps: options.answered ? [{ app: "Answer" }, ...steps] : steps };
  }
  core.channels.set(channel.id, channel);
  beforeDialplan?.(channel);
  runDialplan(core, channel, context, exten, 1);
  return channel;
}
