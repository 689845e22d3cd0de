import ari, { type AriClient } from "ari-client";

import { silentLogger, type Logger, type MediaRequest } from "@callflow/sdk";

import { AriChannel, type AriChannelHost } from "./ari-channel.js";
import type { AriEvent } from "./ari-events.js";
import { AriOperations, type RequestPolicy } from "./ari-operations.js";
import { Waiters } from "./playback-waiters.js";
import { installHostAuthorization } from "./swagger-auth.js";
import { TRANSFER_LEG_ARG, type TransferLegRegistry } from "./transfer.js";
import { guardUnknownEvents } from "./unknown-events.js";

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
  resolveMedia?: (media: MediaRequest, signal: AbortSignal) => Promise<string>;
  logger?: Logger;
  requestPolicy?: Partial<RequestPolicy>;
  /** Delays between reconnection attempts after ari-client gives up: first and largest, ms. */
  reconnect?: { initialDelayMs: number; maxDelayMs: number };
}

/** Connection state, for health reports. */
export type AriConnectionState = "connecting" | "connected" | "reconnecting" | "replaced" | "stopped";

// Ids of channels whose session ended, so late and duplicate events are ignored.
const ENDED_MEMORY = 10_000;

/**
 * A connection to one Asterisk server through `ari-client`: starts a session per call that
 * enters the application, routes events to channels, reconnects when the WebSocket drops, and
 * after reconnecting ends the sessions whose channels are gone.
 */
export class AriConnection {
  state: AriConnectionState = "connecting";
  private readonly options: AriConnectionOptions;
  private readonly logger: Logger;
  private readonly channels = new Map<string, AriChannel>();
  private readonly ended = new Set<string>();
  private readonly host: AriChannelHost & { ops: AriOperations };
  private client: AriClient | undefined;
  private connectedOnce = false;
  private stopped = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: AriConnectionOptions) {
    this.options = options;
    this.logger = (options.logger ?? silentLogger).child({ asterisk: options.server.name, app: options.server.app });
    const legs: TransferLegRegistry = new Map();

    this.host = {
      app: options.server.app,
      ops: undefined as unknown as AriOperations,
      logger: this.logger,
      playbacks: new Waiters<string>(),
      recordings: new Waiters<{ state: string; duration?: number }>(),
      legs,
      resolveMedia:
        options.resolveMedia ??
        ((media) => Promise.reject(new Error(`no TTS is configured, so the text "${media.text ?? ""}" cannot be spoken; configure tts or use recorded prompts`))),
    };
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
    this.stopped = false;
    await this.connect();
  }

  /** Closes the events WebSocket; calls in progress stay in Asterisk. */
  stop(): void {
    this.stopped = true;
    this.state = "stopped";
    clearTimeout(this.reconnectTimer);
    this.host.ops?.close();
    this.client?.stop();
  }

  private async connect(): Promise<void> {
    const { url, username, password, app } = this.options.server;
    const client = await ari.connect(url, username, password);

    installHostAuthorization(url, username, password);
    this.client = client;
    if (this.host.ops) this.host.ops.useClient(client);
    else this.host.ops = new AriOperations(client, this.options.requestPolicy);
    client.on("WebSocketConnected", () => this.onConnected(client));
    client.on("WebSocketReconnecting", (error?: Error) => {
      this.state = "reconnecting";
      this.logger.warn({ err: error }, "ARI WebSocket lost; reconnecting");
    });
    client.on("WebSocketMaxRetries", (error?: Error) => {
      this.logger.error({ err: error }, "ARI WebSocket reconnection attempts exhausted; starting over");
      this.scheduleFullReconnect(this.options.reconnect?.initialDelayMs ?? 1000);
    });
    client.on("*", (event: AriEvent) => this.onEvent(event));
    await client.start(app);
  }

  private onConnected(client: AriClient): void {
    guardUnknownEvents(client, this.logger);
    this.state = "connected";
    if (!this.connectedOnce) {
      this.connectedOnce = true;
      this.logger.info({}, "ARI connected");
      return;
    }
    this.logger.info({ calls: this.channels.size }, "ARI reconnected; reconciling calls");
    this.reconcile().catch((error: unknown) => this.logger.error({ err: error }, "reconciling calls after reconnect failed"));
  }

  private scheduleFullReconnect(delayMs: number): void {
    if (this.stopped) return;
    this.state = "reconnecting";
    this.reconnectTimer = setTimeout(() => {
      this.connect().catch((error: unknown) => {
        const next = Math.min(delayMs * 2, this.options.reconnect?.maxDelayMs ?? 30_000);

        this.logger.warn({ err: error, retryInMs: next }, "ARI connection failed");
        this.scheduleFullReconnect(next);
      });
    }, delayMs);
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
