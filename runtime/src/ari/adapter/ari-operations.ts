import type { AriClient, AriResource } from "ari-client";

import { AriRequestError, toAriRequestError } from "./ari-errors.js";

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
 * The ARI operations the adapter uses, over one `ari-client` connection. Every failure becomes
 * an {@link AriRequestError}; requests that fail for want of a connection are retried with
 * backoff and a per-request timeout, so a call never waits on a lost request forever.
 */
export class AriOperations {
  private client: AriClient;
  private readonly policy: RequestPolicy;
  private closed = false;

  constructor(client: AriClient, policy: Partial<RequestPolicy> = {}) {
    this.client = client;
    this.policy = { ...DEFAULT_REQUEST_POLICY, ...policy };
  }

  /** Refuses new requests and ends retries: the connection is stopping. */
  close(): void {
    this.closed = true;
  }

  /** Points the operations at a new client after a reconnect. */
  useClient(client: AriClient): void {
    this.client = client;
  }

  answer(channelId: string): Promise<unknown> {
    return this.call("channels", "answer", { channelId });
  }

  hangup(channelId: string, cause?: number): Promise<unknown> {
    return this.call("channels", "hangup", cause === undefined ? { channelId } : { channelId, reason_code: String(cause) });
  }

  play(channelId: string, playbackId: string, media: string): Promise<unknown> {
    return this.call("channels", "play", { channelId, playbackId, media });
  }

  stopPlayback(playbackId: string): Promise<unknown> {
    return this.call("playbacks", "stop", { playbackId });
  }

  record(channelId: string, options: Record<string, unknown>): Promise<unknown> {
    return this.call("channels", "record", { channelId, format: "wav", ifExists: "overwrite", ...options });
  }

  originate(params: Record<string, unknown>): Promise<unknown> {
    return this.call("channels", "originateWithId", params);
  }

  createBridge(bridgeId: string): Promise<unknown> {
    return this.call("bridges", "create", { bridgeId, type: "mixing" });
  }

  addToBridge(bridgeId: string, channelIds: string[]): Promise<unknown> {
    return this.call("bridges", "addChannel", { bridgeId, channel: channelIds.join(",") });
  }

  destroyBridge(bridgeId: string): Promise<unknown> {
    return this.call("bridges", "destroy", { bridgeId });
  }

  continueInDialplan(channelId: string, context: string, extension: string, priority: number): Promise<unknown> {
    return this.call("channels", "continueInDialplan", { channelId, context, extension, priority });
  }

  sendDtmf(channelId: string, dtmf: string): Promise<unknown> {
    return this.call("channels", "sendDTMF", { channelId, dtmf });
  }

  setVariable(channelId: string, variable: string, value: string): Promise<unknown> {
    return this.call("channels", "setChannelVar", { channelId, variable, value });
  }

  async getVariable(channelId: string, variable: string): Promise<string | undefined> {
    try {
      const result = (await this.call("channels", "getChannelVar", { channelId, variable })) as { value?: string };

      return result.value;
    } catch (error) {
      if (error instanceof AriRequestError && error.failure === "not-found" && /variable/i.test(error.message)) return undefined;
      throw error;
    }
  }

  async listChannelIds(): Promise<Set<string>> {
    const channels = (await this.call("channels", "list", {})) as Array<{ id: string }>;

    return new Set(channels.map((channel) => channel.id));
  }

  private async call(resource: keyof AriClient & string, operation: string, params: Record<string, unknown>): Promise<unknown> {
    const name = `${resource}.${operation}`;
    let delay = this.policy.retryDelayMs;

    for (let attempt = 1; ; attempt++) {
      if (this.closed) throw new AriRequestError(name, "unavailable", "the ARI connection is stopped");
      try {
        return await this.once(resource, operation, params, name);
      } catch (error) {
        const failure = toAriRequestError(name, error);

        if (failure.failure !== "unavailable" || attempt >= this.policy.attempts) throw failure;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }

  private once(resource: string, operation: string, params: Record<string, unknown>, name: string): Promise<unknown> {
    const target = (this.client as unknown as Record<string, AriResource>)[resource];
    const method = target?.[operation];

    if (typeof method !== "function") {
      return Promise.reject(new AriRequestError(name, "server", `the server's API declarations have no ${name}; is this Asterisk 16 or newer?`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new AriRequestError(name, "unavailable", `no response within ${this.policy.timeoutMs} ms`)), this.policy.timeoutMs);

      method.call(target, params).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
  }
}
