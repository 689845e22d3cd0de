import { defineNode } from "@callflow/sdk";

import { mediaRecordSpec } from "./spec.js";

export const mediaRecordNode = defineNode(mediaRecordSpec, async (ctx, config) => {
  const at = ctx.clock.now();
  // Recording names become file names in Asterisk's recordings directory: keep them plain.
  const name = `vm-${ctx.call.channel.callId}-${at}`.replace(/[^A-Za-z0-9_.-]/g, "_");

  if (config.prompt) await ctx.call.play(config.prompt, { bargeIn: false, nodeId: ctx.node.id });
  const result = await ctx.call.record(
    {
      name,
      beep: config.beep,
      maxDurationSeconds: config.maxDurationSeconds,
      maxSilenceSeconds: config.maxSilenceSeconds,
      terminateOn: config.terminateOn,
    },
    ctx.node.id,
  );

  ctx.variables.set(config.variable, {
    name: result.name,
    durationSeconds: result.durationSeconds,
    caller: ctx.call.channel.caller,
    called: ctx.call.channel.called,
    at: new Date(at).toISOString(),
    flow: ctx.flow.id,
    flowVersion: ctx.flow.version ?? null,
  });
  if (result.outcome === "failed") throw new RecordingFailedError(result.name);
  return result.durationSeconds > 0 ? "next" : "empty";
});

/** The channel could not record (no media, storage error). */
export class RecordingFailedError extends Error {
  readonly code = "recording-failed";

  constructor(name: string) {
    super(`recording "${name}" failed; check that the channel has media and Asterisk can write its recordings directory`);
    this.name = "RecordingFailedError";
  }
}
