import type { SimChannel } from "./channel.js";

/** A Stasis bridge. Asterisk never sends `BridgeCreated` for these. */
export class SimBridge {
  readonly channels: SimChannel[] = [];
  /**
   * Applications subscribed to the bridge itself. Only they get `BridgeDestroyed`: Asterisk
   * subscribes an application when one of its channels leaves the bridge by hang-up or continue,
   * or when it requests it with `POST /applications/{app}/subscription?eventSource=bridge:{id}`.
   */
  readonly subscribers = new Set<string>();

  constructor(
    readonly id: string,
    readonly types: string[],
    readonly name: string,
    readonly creationTime: number,
  ) {}

  get bridgeType(): string {
    return this.types.includes("holding") ? "holding" : "mixing";
  }

  /** Bridge technology: a two-party mixing bridge is `simple_bridge` and turns `softmix` beyond two. */
  get technology(): string {
    if (this.bridgeType === "holding") return "holding_bridge";
    return this.channels.length > 2 ? "softmix" : "simple_bridge";
  }
}
