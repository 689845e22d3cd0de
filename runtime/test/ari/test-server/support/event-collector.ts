import type { AriEvent, Client } from "./test-client.js";

/** Collects every event an ari-client connection emits, in arrival order. */
export class EventCollector {
  readonly events: AriEvent[] = [];
  /** Names of every channel seen so far by id, kept across {@link clear}, to label playback and recording targets. */
  readonly channelNames = new Map<string, string>();
  private lastArrival = Date.now();

  constructor(client: Client) {
    client.on("*", (event) => {
      this.events.push(event);
      for (const channel of [event.channel, event.peer] as Array<{ id: string; name: string } | undefined>) {
        if (channel) this.channelNames.set(channel.id, channel.name);
      }
      this.lastArrival = Date.now();
    });
  }

  /** Resolves once an event matches `predicate`, or rejects after `timeoutMs` real milliseconds. */
  async waitFor(predicate: (event: AriEvent) => boolean, timeoutMs = 2000): Promise<AriEvent> {
    const deadline = Date.now() + timeoutMs;

    for (;;) {
      const found = this.events.find(predicate);

      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching event within ${timeoutMs} ms; got ${this.events.map((event) => event.type).join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Resolves once no event has arrived for `quietMs` real milliseconds, counted from the call at the earliest. */
  async quiet(quietMs = 80): Promise<void> {
    const calledAt = Date.now();

    for (;;) {
      const silentFor = Date.now() - Math.max(this.lastArrival, calledAt);

      if (silentFor >= quietMs) return;
      await new Promise((resolve) => setTimeout(resolve, quietMs - silentFor));
    }
  }

  ofType(type: string): AriEvent[] {
    return this.events.filter((event) => event.type === type);
  }

  clear(): void {
    this.events.length = 0;
  }
}
