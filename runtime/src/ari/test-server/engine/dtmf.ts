import type { AsteriskCore } from "../core/asterisk.js";
import type { SimChannel } from "../core/channel.js";
import { recordingHeardDigit } from "./recording-engine.js";

const DTMF_DIGIT = /^[0-9A-D*#]$/;
/** A comma in a DTMF string is a pause, 500 ms in Asterisk's `ast_dtmf_stream`. */
const PAUSE_MS = 500;

export interface DtmfTiming {
  beforeMs: number;
  betweenMs: number;
  durationMs: number;
}

/**
 * Plays DTMF out of a channel (`POST /channels/{id}/dtmf`). Each digit reaches the far end at
 * the end of its tone: with duration 100 and between 100, one digit every 200 ms. The far end
 * is the other half of a Local pair, or the phone of an inbound call. Characters other than
 * digits, A–D, `*`, `#` and the comma are skipped.
 */
export function sendDtmf(core: AsteriskCore, channel: SimChannel, digits: string, timing: DtmfTiming): void {
  let at = timing.beforeMs;

  for (const character of digits.toUpperCase()) {
    if (character === ",") {
      at += PAUSE_MS;
      continue;
    }
    if (!DTMF_DIGIT.test(character)) continue;
    core.after(at + timing.durationMs, () => deliverToFarEnd(core, channel, character, timing.durationMs));
    at += timing.durationMs + timing.betweenMs;
  }
}

function deliverToFarEnd(core: AsteriskCore, channel: SimChannel, digit: string, durationMs: number): void {
  if (!channel.alive) return;
  if (channel.remote) channel.remote.dtmf(digit, durationMs);
  else if (channel.peer?.alive) receiveDtmf(core, channel.peer, digit, durationMs);
}

/** Delivers a digit a channel heard: `ChannelDtmfReceived` at the end of the tone, and `terminateOn` of its recording. */
export function receiveDtmf(core: AsteriskCore, channel: SimChannel, digit: string, durationMs: number): void {
  if (!channel.alive) return;
  core.publish("ChannelDtmfReceived", { digit, duration_ms: durationMs, channel: core.channelJson(channel) }, { channels: [channel] });
  recordingHeardDigit(core, channel, digit);
}
