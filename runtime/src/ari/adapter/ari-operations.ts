import { AriRequestError, toAriRequestError } from "./ari-errors.js";
import type { AriOperationName, AriParams, AriTransport } from "./ari-transport.js";

/** Retry policy of ARI requests. */
export interface RequestPolicy {
  /** Milliseconds one request may take before it counts as unavailable. Default 5,000. */
  timeoutMs: number;
  /** Attempts for a request that failed as unavailable (connection gap). Default 4. */
  attempts: number;
  /** Milliseconds before the first retry; doubles each time. Default 100. */
  retryDelayMs: number;
}

export const DEFAULT_REQUEST_POLICY: RequestPolicy = { timeoutMs: 5000, attempts: 4, retryDelayMs: 100 };

/**
 * The ARI operations the adapter uses, over one transport. Every failure becomes an
 * {@link AriRequestError}; requests that fail for want of a connection are retried with
 * backoff, and the transport bounds each attempt with the policy's timeout, so a call never
 * waits on a lost request forever.
 */
export class AriOperations {
  private readonly transport: AriTransport;
  private readonly policy: RequestPolicy;
  private closed = false;

  constructor(transport: AriTransport, policy: RequestPolicy) {
    this.transport = transport;
    this.policy = policy;
  }

  /** Refuses new requests and ends retries: the connection is stopping. */
  close(): void {
    this.closed = true;
  }

  /** Accepts requests again after {@link AriOperations.close}. */
  reopen(): void {
    this.closed = false;
  }

  answer(channelId: string): Promise<unknown> {
    return this.call("channels.answer", { channelId });
  }

  hangup(channelId: string, cause?: number): Promise<unknown> {
    return this.call("channels.hangup", cause === undefined ? { channelId } : { channelId, reason_code: String(cause) });
  }

  play(channelId: string, playbackId: string, media: string): Promise<unknown> {
    return this.call("channels.play", { channelId, playbackId, media });
  }

  stopPlayback(playbackId: string): Promise<unknown> {
    return this.call("playbacks.stop", { playbackId });
  }

  record(channelId: string, options: AriParams): Promise<unknown> {
    return this.call("channels.record", { channelId, format: "wav", ifExists: "overwrite", ...options });
  }

  originate(params: AriParams): Promise<unknown> {
    return this.call("channels.originateWithId", params);
  }

  createBridge(bridgeId: string): Promise<unknown> {
    return this.call("bridges.create", { bridgeId, type: "mixing" });
  }

  addToBridge(bridgeId: string, channelIds: string[]): Promise<unknown> {
    return this.call("bridges.addChannel", { bridgeId, channel: channelIds.join(",") });
  }

  removeFromBridge(bridgeId: string, channelIds: string[]): Promise<unknown> {
    return this.call("bridges.removeChannel", { bridgeId, channel: channelIds.join(",") });
  }

  /** Plays the music on hold class (Asterisk's `default` when none is named) to the channel until stopped or a playback starts. */
  startMoh(channelId: string, mohClass?: string): Promise<unknown> {
    return this.call("channels.startMoh", { channelId, mohClass });
  }

  stopMoh(channelId: string): Promise<unknown> {
    return this.call("channels.stopMoh", { channelId });
  }

  destroyBridge(bridgeId: string): Promise<unknown> {
    return this.call("bridges.destroy", { bridgeId });
  }

  continueInDialplan(channelId: string, context: string, extension: string, priority: number): Promise<unknown> {
    return this.call("channels.continueInDialplan", { channelId, context, extension, priority });
  }

  sendDtmf(channelId: string, dtmf: string): Promise<unknown> {
    return this.call("channels.sendDTMF", { channelId, dtmf });
  }

  setVariable(channelId: string, variable: string, value: string): Promise<unknown> {
    return this.call("channels.setChannelVar", { channelId, variable, value });
  }

  async getVariable(channelId: string, variable: string): Promise<string | undefined> {
    try {
      const result = (await this.call("channels.getChannelVar", { channelId, variable })) as { value?: string };

      return result.value;
    } catch (error) {
      if (error instanceof AriRequestError && error.failure === "not-found" && /variable/i.test(error.message)) return undefined;
      throw error;
    }
  }

  async listChannelIds(): Promise<Set<string>> {
    const channels = (await this.call("channels.list", {})) as Array<{ id: string }>;

    return new Set(channels.map((channel) => channel.id));
  }

  // The first attempt goes out without an async frame of its own; only a failure that is
  // worth a retry enters the retry loop.
  private call(operation: AriOperationName, params: AriParams): Promise<unknown> {
    if (this.closed) return Promise.reject(new AriRequestError(operation, "unavailable", "the ARI connection is stopped"));
    return this.transport.request(operation, params).catch((error: unknown) => this.retry(operation, params, toAriRequestError(operation, error)));
  }

  private async retry(operation: AriOperationName, params: AriParams, firstFailure: AriRequestError): Promise<unknown> {
    let failure = firstFailure;
    let delay = this.policy.retryDelayMs;

    for (let attempt = 2; failure.failure === "unavailable" && attempt <= this.policy.attempts; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
      if (this.closed) throw new AriRequestError(operation, "unavailable", "the ARI connection is stopped");
      try {
        return await this.transport.request(operation, params);
      } catch (error) {
        failure = toAriRequestError(operation, error);
      }
    }
    throw failure;
  }
}
