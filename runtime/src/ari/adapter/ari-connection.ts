import { silentLogger, type Logger, type MediaRequest } from "@callflow/sdk";

import { AriChannel, PLAYBACK_SAFETY_MS, type AriChannelHost } from "./ari-channel.js";
import type { AriEvent } from "./ari-events.js";
import { AriOperations, DEFAULT_REQUEST_POLICY, type RequestPolicy } from "./ari-operations.js";
import { createAriTransport } from "./create-transport.js";
import { DEFAULT_ARI_CLIENT, type AriClientKind, type AriTransport, type AriTransportOptions } from "./ari-transport.js";
import { Waiters } from "./playback-waiters.js";
import { TRANSFER_LEG_ARG, type TransferLegRegistry } from "./transfer.js";

/** One Asterisk server and the Stasis application the runtime registers there. */
export interface AriServerConfig {
  /** Name in logs and health reports, such as `pbx-taipei-1`. */
  name: string;
  /** Base URL of Asterisk's HTTP server, such as `http://10.0.0.5:8088`. */
  url: string;
  username: string;
  password: string;
  /** Stasis application name; the dialplan sends calls with `Stasis(<app>)`. */
  app: string;
}

/** Options of an {@link AriConnection}. */
export interface AriConnectionOptions {
  server: AriServerConfig;
  /** A new call entered the application. */
  onCall(channel: AriChannel): void;
  /** Turns TTS text into a playable media URI. Without it, prompts need recorded audio. */
  resolveMedia?: (media: MediaRequest, signal: AbortSignal, tenantId: string | undefined) => Promise<string>;
  logger?: Logger;
  /**
   * The ARI client library: `thin` (default) sends REST requests over a keep-alive `node:http`
   * agent and reads events with `ws`; `ari-client` uses ari-client 2.2.0.
   */
  client?: AriClientKind;
  /** A transport to run on instead of one built for `client`; the benchmark passes an in-process one. */
  transport?: (options: AriTransportOptions) => AriTransport;
  requestPolicy?: Partial<RequestPolicy>;
  /**
   * Delays between reconnection attempts, first and largest, in ms: the thin client's attempts
   * to reopen the events WebSocket (default 100 and 30,000), or fresh ari-client connections
   * once ari-client's own retries ran out (default 1,000 and 30,000).
   */
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
}

/** Connection state, for health reports. */
export type AriConnectionState = "connecting" | "connected" | "reconnecting" | "replaced" | "stopped";

// Ids of channels whose session ended, so late and duplicate events are ignored.
const ENDED_MEMORY = 10_000;

const DEFAULT_RECONNECT: Record<AriClientKind, { initialDelayMs: number; maxDelayMs: number }> = {
  thin: { initialDelayMs: 100, maxDelayMs: 30_000 },
  "ari-client": { initialDelayMs: 1000, maxDelayMs: 30_000 },
};

/**
 * A connection to one Asterisk server: starts a session per call that enters the application,
 * routes events to channels, reconnects when the WebSocket drops, and after reconnecting ends
 * the sessions whose channels are gone.
 */
export class AriConnection {
  state: AriConnectionState = "connecting";
  private readonly options: AriConnectionOptions;
  private readonly logger: Logger;
  private readonly channels = new Map<string, AriChannel>();
  private readonly ended = new Set<string>();
  private readonly host: AriChannelHost;
  private readonly transport: AriTransport;
  private connectedOnce = false;

  constructor(options: AriConnectionOptions) {
    this.options = options;
    this.logger = (options.logger ?? silentLogger).child({ asterisk: options.server.name, app: options.server.app });
    const kind = options.client ?? DEFAULT_ARI_CLIENT;
    const policy = { ...DEFAULT_REQUEST_POLICY, ...options.requestPolicy };
    const transportOptions: AriTransportOptions = {
      server: options.server,
      logger: this.logger,
      reconnect: options.reconnect ?? DEFAULT_RECONNECT[kind],
      requestTimeoutMs: policy.timeoutMs,
      listener: {
        onEvent: (event) => this.onEvent(event),
        onConnected: () => this.onConnected(),
        onReconnecting: (error) => this.onReconnecting(error),
      },
    };

    this.transport = options.transport ? options.transport(transportOptions) : createAriTransport(kind, transportOptions);
    this.host = {
      app: options.server.app,
      ops: new AriOperations(this.transport, policy),
      logger: this.logger,
      playbacks: new Waiters<string>({ giveUp: { afterMs: PLAYBACK_SAFETY_MS, value: "failed" } }),
      recordings: new Waiters<{ state: string; duration?: number }>(),
      legs: new Map() as TransferLegRegistry,
      resolveMedia:
        options.resolveMedia ??
        ((media) =>
          Promise.reject(
            new Error(
              media.uri !== undefined
                ? `media "${media.uri}" must be fetched by the runtime first, which this connection cannot do; use a sound: or recording: URI`
                : `no TTS is configured, so the text "${media.text ?? ""}" cannot be spoken; configure tts or use recorded prompts`,
            ),
          )),
    };
  }

  /** The ARI client library this connection runs on. */
  get client(): AriClientKind {
    return this.transport.kind;
  }

  /** Calls in the application now. */
  get activeCalls(): number {
    return this.channels.size;
  }

  /** Outstanding playbacks, recordings and transfer legs: zero when idle. */
  get pendingOperations(): number {
    return this.host.playbacks.size + this.host.recordings.size + this.host.legs.size;
  }

  /** Connects and registers the application; resolves once events flow. */
  async start(): Promise<void> {
    this.host.ops.reopen();
    await this.transport.start();
  }

  /** Closes the events WebSocket; calls in progress stay in Asterisk. */
  stop(): void {
    this.state = "stopped";
    this.host.ops.close();
    this.host.playbacks.close();
    this.transport.stop();
  }

  private onConnected(): void {
    this.state = "connected";
    if (!this.connectedOnce) {
      this.connectedOnce = true;
      this.logger.info({ client: this.transport.kind }, "ARI connected");
      return;
    }
    this.logger.info({ calls: this.channels.size }, "ARI reconnected; reconciling calls");
    this.reconcile().catch((error: unknown) => this.logger.error({ err: error }, "reconciling calls after reconnect failed"));
  }

  private onReconnecting(error?: Error): void {
    this.state = "reconnecting";
    this.logger.warn({ err: error }, "ARI WebSocket lost; reconnecting");
  }

  /** Ends the sessions whose channels disappeared while the WebSocket was down. */
  private async reconcile(): Promise<void> {
    const live = await this.host.ops.listChannelIds();

    for (const [id, channel] of this.channels) {
      if (live.has(id)) continue;
      this.logger.info({ channelId: id }, "channel gone during the outage; ending its session");
      this.forget(id);
      channel.onGone();
    }
    for (const [id, leg] of this.host.legs) if (!live.has(id)) leg.onGone();
  }

  private onEvent(event: AriEvent): void {
    try {
      this.dispatch(event);
    } catch (error) {
      // A bug in a handler must not take the connection (or the process) down with it.
      this.logger.error({ err: error, eventType: event.type }, "handling an ARI event failed");
    }
  }

  private dispatch(event: AriEvent): void {
    const id = event.channel?.id;

    switch (event.type) {
      case "StasisStart":
        this.onStasisStart(event);
        return;
      case "StasisEnd":
      case "ChannelDestroyed":
        if (id === undefined) return;
        this.host.legs.get(id)?.onGone(event.cause);
        this.channels.get(id)?.onGone(event.cause);
        this.forget(id);
        return;
      case "ChannelDtmfReceived":
        if (id !== undefined && event.digit !== undefined) this.channels.get(id)?.onDtmf(event.digit);
        return;
      case "PlaybackFinished":
        if (event.playback) this.host.playbacks.settle(event.playback.id, event.playback.state);
        return;
      case "RecordingFinished":
      case "RecordingFailed":
        if (event.recording) this.host.recordings.settle(event.recording.name, { state: event.type === "RecordingFailed" ? "failed" : "done", duration: event.recording.duration });
        return;
      case "Dial":
        if (event.peer && event.dialstatus !== undefined) this.host.legs.get(event.peer.id)?.onDial(event.dialstatus);
        return;
      case "ApplicationReplaced":
        this.state = "replaced";
        this.logger.error({}, "another connection took over this Stasis application; this process gets no more calls from it");
        return;
      default:
        return;
    }
  }

  private onStasisStart(event: AriEvent): void {
    const json = event.channel;

    if (!json) return;
    const leg = this.host.legs.get(json.id);

    if (leg || event.args?.[0] === TRANSFER_LEG_ARG) {
      leg?.onStasisStart();
      return;
    }
    if (this.channels.has(json.id) || this.ended.has(json.id)) {
      this.logger.debug({ channelId: json.id }, "duplicate StasisStart ignored");
      return;
    }
    const channel = new AriChannel(this.host, json, event.args);

    this.channels.set(json.id, channel);
    this.options.onCall(channel);
  }

  private forget(id: string): void {
    if (!this.channels.delete(id)) return;
    this.ended.add(id);
    if (this.ended.size > ENDED_MEMORY) this.ended.delete(this.ended.values().next().value!);
  }
}
