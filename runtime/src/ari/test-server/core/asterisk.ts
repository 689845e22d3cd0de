import { randomUUID } from "node:crypto";

import type { TimerHandle } from "@callflow/sdk";

import type { ResolvedOptions } from "../options.js";
import { ApplicationRegistry } from "./applications.js";
import type { SimBridge } from "./bridge.js";
import type { SimChannel } from "./channel.js";
import { asteriskTimestamp, bridgeJson, channelJson } from "./json.js";
import type { SimPlayback } from "./playback.js";
import type { SimRecording, StoredRecording } from "./recording.js";

/** An event as the server sent it to one application, for inspection by tests. */
export interface SentEvent {
  app: string;
  event: Record<string, unknown>;
  /** False when the application had no WebSocket at the time, so the event was dropped. */
  delivered: boolean;
}

/** Channels, bridge and applications an event concerns; their subscribers receive it. */
export interface EventTargets {
  channels?: SimChannel[];
  bridge?: SimBridge;
  apps?: Iterable<string>;
}

/**
 * The simulated Asterisk: every channel, bridge, playback and recording, the applications, the
 * timers, and event delivery. The engines in `../engine` change this state; the HTTP resources
 * call the engines.
 */
export class AsteriskCore {
  readonly channels = new Map<string, SimChannel>();
  readonly bridges = new Map<string, SimBridge>();
  readonly playbacks = new Map<string, SimPlayback>();
  readonly liveRecordings = new Map<string, SimRecording>();
  readonly storedRecordings = new Map<string, StoredRecording>();
  readonly globalVariables = new Map<string, string>();
  readonly applications = new ApplicationRegistry();
  readonly sentEvents: SentEvent[] = [];
  readonly startedAt: number;
  /** Events still to be sent twice, set by the test control. */
  duplicateNextEvents = 0;
  private uniqueCounter = 0;
  private localCounter = 0;
  private technologyCounter = 0;
  private readonly timers = new Set<TimerHandle>();

  constructor(readonly options: ResolvedOptions) {
    this.startedAt = options.clock.now();
    for (const stored of options.storedRecordings) this.storedRecordings.set(stored.name, { ...stored });
  }

  now(): number {
    return this.options.clock.now();
  }

  /** Runs `callback` after `delayMs` virtual milliseconds; errors are logged, never thrown to the timer. */
  after(delayMs: number, callback: () => void): TimerHandle {
    const handle = this.options.clock.setTimer(delayMs, () => {
      this.timers.delete(handle);
      try {
        callback();
      } catch (error) {
        this.options.logger.error({ err: error }, "ARI test server timer failed");
      }
    });

    this.timers.add(handle);
    return handle;
  }

  cancel(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.options.clock.clearTimer(handle);
    this.timers.delete(handle);
  }

  cancelAllTimers(): void {
    for (const handle of this.timers) this.options.clock.clearTimer(handle);
    this.timers.clear();
  }

  /** Returns a channel unique id, `<epoch>.<n>` as Asterisk builds it (with `<systemname>-` in front when set). */
  nextUniqueId(): string {
    const prefix = this.options.systemName ? `${this.options.systemName}-` : "";

    return `${prefix}${Math.floor(this.now() / 1000)}.${this.uniqueCounter++}`;
  }

  /** Returns the 8-hex-digit sequence that follows a Local channel's name. */
  nextLocalSequence(): string {
    return (this.localCounter++).toString(16).padStart(8, "0");
  }

  nextTechnologySequence(): string {
    return (this.technologyCounter++).toString(16).padStart(8, "0");
  }

  newId(): string {
    return randomUUID();
  }

  /** Finds a live channel by unique id or by name, as `ast_channel_get_by_name` does. */
  findChannel(idOrName: string): SimChannel | undefined {
    const byId = this.channels.get(idOrName);

    if (byId) return byId;
    return [...this.channels.values()].find((channel) => channel.name === idOrName);
  }

  channelJson(channel: SimChannel): Record<string, unknown> {
    return channelJson(channel, this.options.channelVars);
  }

  bridgeJson(bridge: SimBridge): Record<string, unknown> {
    return bridgeJson(bridge);
  }

  /**
   * Sends an event to every application subscribed to its channels or bridge, plus those
   * connected with `subscribeAll`. An application without a WebSocket loses the event: Asterisk
   * keeps no backlog.
   */
  publish(type: string, fields: Record<string, unknown>, targets: EventTargets): void {
    const apps = new Set<string>(this.applications.subscribedToAll());

    for (const channel of targets.channels ?? []) for (const app of channel.recipients()) apps.add(app);
    for (const app of targets.bridge?.subscribers ?? []) apps.add(app);
    for (const app of targets.apps ?? []) apps.add(app);

    const event = { type, timestamp: asteriskTimestamp(this.now()), ...fields };

    for (const app of apps) this.deliver(app, event);
  }

  /** Sends `event` to one application as it is, adding `asterisk_id` and `application`. */
  deliver(app: string, event: Record<string, unknown>): void {
    const full = { ...event, asterisk_id: this.options.asteriskId, application: app };
    const connection = this.applications.connectionOf(app);

    this.sentEvents.push({ app, event: full, delivered: connection !== undefined });
    if (!connection) return;

    const text = JSON.stringify(full);

    connection.send(text);
    if (this.duplicateNextEvents > 0) {
      this.duplicateNextEvents--;
      connection.send(text);
    }
  }
}
