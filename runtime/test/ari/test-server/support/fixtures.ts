import { readFileSync } from "node:fs";
import { join } from "node:path";

import type { AriEvent } from "./test-client.js";

/**
 * One expected event of a fixture: its type, the channel it is about (`ch`, a label such as
 * `;1`), and the key fields to check. `atMs` is virtual time since the scenario started.
 * `inferred` marks an event the measurement summary left out but Asterisk's logic implies; it
 * is checked like the others.
 */
export interface ExpectedEvent {
  type: string;
  ch?: string;
  atMs?: number;
  inferred?: boolean;
  [field: string]: unknown;
}

export interface Fixture {
  description: string;
  events: ExpectedEvent[];
}

type ChannelJson = { id: string; name: string; state: string };

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(__dirname, "..", "fixtures", `${name}.json`), "utf8")) as Fixture;
}

/** Labels a channel by its Local half (`;1`, `;2`) or `caller` for a PJSIP channel. */
export function halfLabel(channel: ChannelJson): string {
  const half = /;([12])$/.exec(channel.name);

  return half ? `;${half[1]}` : "caller";
}

/** Reduces an event to the fields fixtures compare. */
export function project(event: AriEvent, label: (channel: ChannelJson) => string, startMs: number, names: Map<string, string>): Record<string, unknown> {
  const channel = (event.channel ?? event.peer) as ChannelJson | undefined;
  const playback = event.playback as { state: string; media_uri: string; target_uri: string } | undefined;
  const recording = event.recording as { state: string; duration?: number; target_uri: string } | undefined;
  const projected: Record<string, unknown> = { type: event.type, atMs: Date.parse(event.timestamp.replace("+0000", "Z")) - startMs };
  const targetId = (playback ?? recording)?.target_uri.replace(/^channel:/, "");

  if (channel) projected.ch = label(channel);
  if (targetId !== undefined) projected.ch = label({ id: targetId, name: names.get(targetId) ?? "", state: "" });
  if (channel && event.type === "ChannelStateChange") projected.state = channel.state;
  if (channel && event.type === "StasisStart") Object.assign(projected, { args: event.args, state: channel.state });
  if ("cause" in event) projected.cause = event.cause;
  if ("soft" in event) projected.soft = event.soft;
  if ("cause_txt" in event) projected.cause_txt = event.cause_txt;
  if ("variable" in event) Object.assign(projected, { variable: event.variable, value: event.value });
  if ("dialplan_app" in event) projected.app = event.dialplan_app;
  if ("dialstatus" in event) projected.dialstatus = event.dialstatus;
  if ("digit" in event) Object.assign(projected, { digit: event.digit, duration_ms: event.duration_ms });
  if (playback) Object.assign(projected, { state: playback.state, media: playback.media_uri });
  if (recording) projected.state = recording.state;
  if (recording?.duration !== undefined) projected.duration = recording.duration;
  return projected;
}

/**
 * Checks events against a fixture: same count, same order, and for each event the fields the
 * fixture names (`atMs` included when given). Fields a fixture leaves out are not compared.
 */
export function expectFixture(
  actual: AriEvent[],
  fixture: Fixture,
  options: { startMs: number; names: Map<string, string>; label?: (channel: ChannelJson) => string },
): void {
  const label = options.label ?? halfLabel;
  const expected = fixture.events.map((event) => {
    const fields: Record<string, unknown> = { ...event };

    delete fields.inferred;
    return fields;
  });
  const projected = actual.map((event, index) => {
    const all = project(event, label, options.startMs, options.names);
    const keys = Object.keys(expected[index] ?? all);

    return Object.fromEntries(keys.map((key) => [key, all[key]]));
  });

  expect(projected).toEqual(expected);
}
