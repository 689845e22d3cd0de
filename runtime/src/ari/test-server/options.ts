import { realClock, silentLogger, type Clock, type Logger } from "@callflow/sdk";

import type { DialplanTable } from "./engine/dialplan-table.js";

/** An ARI user, as `ari.conf` defines one. */
export interface AriUser {
  username: string;
  password: string;
  /** A read-only user gets 403 on every method but GET. Default false. */
  readOnly?: boolean;
}

/**
 * Durations the server simulates. Defaults are the values measured on Asterisk 22.10.1 with Local
 * channels where there was a measurement, and round estimates where there was none (marked).
 */
export interface Timings {
  /** Dialplan `Answer()` on a channel whose far end sends no media waits this long. Default 500. */
  answerMediaWaitMs: number;
  /** Dialplan `Answer()` on a channel whose far end sends media (an inbound phone). Default 20, an estimate. */
  firstMediaFrameMs: number;
  /** Length of a `sound:` file absent from {@link AriTestServerOptions.sounds}. Default 1000, an estimate. */
  defaultSoundMs: number;
  /** Length of one spoken digit or character (`digits:`, `characters:`, `number:`). Default 500, an estimate. */
  spokenCharacterMs: number;
  /** Length of `http:`/`https:` media absent from {@link AriTestServerOptions.mediaLengths}. Default 2000, an estimate. */
  httpMediaMs: number;
  /** A recording on a channel without media ends this long after it started. Default 4000. */
  recordingNoMediaGiveUpMs: number;
}

/** Options of {@link AriTestServer}. Every field is optional. */
export interface AriTestServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. Default 0. */
  port?: number;
  /** Accepted credentials. Default one user `asterisk` with password `asterisk`. */
  users?: AriUser[];
  /**
   * Time source for timers and event timestamps. Default the wall clock. Pass a `ScaledClock` to
   * run the measured durations faster, or the SDK's `VirtualClock` to move time by hand.
   */
  clock?: Clock;
  /** `asterisk_id` of every event and `system.entity_id` of `/asterisk/info`. Default `02:42:ac:11:00:02`. */
  asteriskId?: string;
  /** `systemname` of `asterisk.conf`: when set, unique ids become `<systemName>-<epoch>.<n>`. */
  systemName?: string;
  /** Variables shown in every channel's `channelvars`, as `channelvars` in `ari.conf` sets. Default none. */
  channelVars?: string[];
  timings?: Partial<Timings>;
  /** Length in ms of `sound:` files by name. Default `{ "hello-world": 1400 }`. */
  sounds?: Record<string, number>;
  /** `sound:` names that do not exist, so their playback fails. Default `["no-such-file"]`. */
  missingSounds?: string[];
  /** Length in ms of whole media URIs (TTS or HTTP prompts), checked before any other rule. */
  mediaLengths?: Record<string, number>;
  /** Extensions that Local channels and `continue` can reach. Default empty. */
  dialplan?: DialplanTable;
  /** Stored recordings present at start, with their length in ms. */
  storedRecordings?: Array<{ name: string; format: string; lengthMs: number }>;
  /** Receives the server's own log records (start, stop, caught errors). Default silent. */
  logger?: Logger;
}

/** Options with every default applied. */
export interface ResolvedOptions {
  port: number;
  users: AriUser[];
  clock: Clock;
  asteriskId: string;
  systemName: string | undefined;
  channelVars: string[];
  timings: Timings;
  sounds: Record<string, number>;
  missingSounds: Set<string>;
  mediaLengths: Record<string, number>;
  dialplan: DialplanTable;
  storedRecordings: Array<{ name: string; format: string; lengthMs: number }>;
  logger: Logger;
}

export const DEFAULT_TIMINGS: Timings = {
  answerMediaWaitMs: 500,
  firstMediaFrameMs: 20,
  defaultSoundMs: 1000,
  spokenCharacterMs: 500,
  httpMediaMs: 2000,
  recordingNoMediaGiveUpMs: 4000,
};

/** The Asterisk version the server imitates, as `/asterisk/info` reports it. */
export const ASTERISK_VERSION = "22.10.1";

export function resolveOptions(options: AriTestServerOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? 0,
    users: options.users ?? [{ username: "asterisk", password: "asterisk" }],
    clock: options.clock ?? realClock,
    asteriskId: options.asteriskId ?? "02:42:ac:11:00:02",
    systemName: options.systemName,
    channelVars: options.channelVars ?? [],
    timings: { ...DEFAULT_TIMINGS, ...options.timings },
    sounds: { "hello-world": 1400, ...options.sounds },
    missingSounds: new Set(options.missingSounds ?? ["no-such-file"]),
    mediaLengths: { ...options.mediaLengths },
    dialplan: structuredClone(options.dialplan ?? {}),
    storedRecordings: [...(options.storedRecordings ?? [])],
    logger: options.logger ?? silentLogger,
  };
}
