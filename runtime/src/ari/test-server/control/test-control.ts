import type { AsteriskCore, SentEvent } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { checkSteps, type DialplanStep } from "../engine/dialplan-table.js";
import { hangUp } from "../engine/hangup.js";
import { startInboundCall, type InboundCallOptions } from "../engine/inbound-call.js";
import { onFirstStasisStart } from "../engine/stasis.js";
import type { EventSocketServer } from "../http/event-socket.js";
import type { RequestLogEntry } from "../http/http-handler.js";
import { InboundCall, type CallerAction } from "./inbound-call.js";
import type { DelayRule, FailRule, RequestFaults } from "./request-faults.js";

/**
 * Test controls beyond ARI: start calls, script callers, shape the dialplan,
 * break the WebSocket or the HTTP replies, and inspect the simulated state.
 */
export class TestControl {
  constructor(
    private readonly core: AsteriskCore,
    private readonly sockets: EventSocketServer,
    private readonly faults: RequestFaults,
  ) {}

  /**
   * Starts a call from a phone into the dialplan, as `Stasis(app)` in `extensions.conf` would
   * receive it. `script` runs from the call's first `StasisStart`.
   *
   * @example
   * const call = server.control.startInboundCall({ app: "ivr", callerNumber: "+15550100", extension: "100",
   *   script: [{ atMs: 1500, dtmf: "1" }, { atMs: 5000, hangup: true }] });
   */
  startInboundCall(options: InboundCallOptions & { script?: CallerAction[] }): InboundCall {
    let call: InboundCall | undefined;
    const script = options.script;

    startInboundCall(this.core, options, (channel) => {
      const created = new InboundCall(this.core, channel, channel.remote!);

      call = created;
      if (script) onFirstStasisStart(channel, () => created.runScript(script));
    });
    return call!;
  }

  /** Defines or replaces an extension; `extensions.*` builds the usual ones. */
  setExtension(context: string, exten: string, steps: DialplanStep[]): void {
    checkSteps(context, exten, steps);
    this.core.options.dialplan[context] = { ...this.core.options.dialplan[context], [exten]: steps };
  }

  removeExtension(context: string, exten: string): void {
    delete this.core.options.dialplan[context]?.[exten];
  }

  /** Sets whether a channel's far end sends audio. Without audio, recordings give up. */
  setChannelMedia(channelId: string, media: boolean): void {
    this.requireChannel(channelId).media = media;
  }

  /**
   * Hangs a channel up from its far end: an inbound caller hangs up, or the dialplan of a
   * Local `;2` half ends with `cause` (a callee hanging up).
   */
  hangUpFromFarEnd(channelId: string, cause = 16): void {
    const channel = this.requireChannel(channelId);

    if (channel.kind === "local2") {
      channel.ownCause = cause;
      hangUp(this.core, channel, { kind: "dialplan-end", cause });
      return;
    }
    hangUp(this.core, channel, { kind: "remote", cause });
  }

  /**
   * Drops the events WebSockets of `app` (all when omitted) from the server side: `close` sends
   * a close frame, `terminate` cuts the TCP connection. Returns how many were dropped.
   */
  dropConnections(options: { app?: string; mode?: "close" | "terminate"; code?: number } = {}): number {
    let dropped = 0;

    for (const connection of [...this.sockets.sockets]) {
      if (options.app && !connection.apps.includes(options.app)) continue;
      if (options.mode === "terminate") connection.socket.terminate();
      else connection.socket.close(options.code ?? 1000);
      dropped++;
    }
    return dropped;
  }

  /** Replies to the next matching request(s) with an ARI error instead of running them. */
  failNext(rule: FailRule): void {
    this.faults.fail(rule);
  }

  /** Delays the next matching request(s). */
  delayNext(rule: DelayRule): void {
    this.faults.delay(rule);
  }

  clearRequestRules(): void {
    this.faults.clear();
  }

  /** Sends each of the next `count` events twice. */
  duplicateNextEvents(count = 1): void {
    this.core.duplicateNextEvents += count;
  }

  /**
   * Sends a raw event to the WebSocket of `app`, such as an event type `ari-client` has no
   * model for. `asterisk_id`, `application` and `timestamp` are added when missing.
   */
  injectEvent(app: string, event: Record<string, unknown>): boolean {
    const connection = this.core.applications.connectionOf(app);

    if (!connection) return false;
    connection.send(JSON.stringify({ timestamp: new Date(this.core.now()).toISOString(), asterisk_id: this.core.options.asteriskId, application: app, ...event }));
    return true;
  }

  channels(): Record<string, unknown>[] {
    return [...this.core.channels.values()].filter((channel) => channel.alive).map((channel) => this.core.channelJson(channel));
  }

  bridges(): Record<string, unknown>[] {
    return [...this.core.bridges.values()].map((bridge) => this.core.bridgeJson(bridge));
  }

  playbacks(): Array<{ id: string; channelId: string; state: string; mediaUris: string[] }> {
    return [...this.core.playbacks.values()].map((playback) => ({ id: playback.id, channelId: playback.channel.id, state: playback.state, mediaUris: playback.mediaUris }));
  }

  storedRecordings(): Array<{ name: string; format: string; lengthMs: number }> {
    return [...this.core.storedRecordings.values()].map((stored) => ({ ...stored }));
  }

  /** Channel flags that send no events: music on hold class, hold, silence. */
  channelFlags(channelId: string): { mohClass?: string; onHold: boolean; silence: boolean } {
    const channel = this.requireChannel(channelId);

    return { mohClass: channel.mohClass, onHold: channel.onHold, silence: channel.silence };
  }

  /** Returns every request so far, oldest first. */
  requests(): readonly RequestLogEntry[] {
    return this.faults.log;
  }

  /** Returns every event sent so far (to `app` only when given), including those dropped for lack of a WebSocket. */
  events(app?: string): SentEvent[] {
    return this.core.sentEvents.filter((sent) => app === undefined || sent.app === app);
  }

  /** Tells whether `app` has an events WebSocket now. */
  isConnected(app: string): boolean {
    return this.core.applications.isActive(app);
  }

  private requireChannel(channelId: string): SimChannel {
    const channel = this.core.findChannel(channelId);

    if (!channel?.alive) throw new Error(`channel ${channelId} does not exist on the ARI test server`);
    return channel;
  }
}
