import { runNode } from "@callflow/sdk";

import { mediaRecordNode } from "./run.js";
import { mediaRecordConfigSchema } from "./spec.js";

const prompt = { tts: { en: "Please leave a message after the tone" } };

describe("media.record", () => {
  test("# ends the message and leaves by next", async () => {
    const result = await runNode(mediaRecordNode, { prompt }, { input: "#@8s" });

    expect(result.port).toBe("next");
    expect(result.channel.recordings).toHaveLength(1);
    expect(result.channel.recordings[0].outcome).toBe("done");
  });

  test("stores name, length, caller, called and flow in the variable", async () => {
    const result = await runNode(mediaRecordNode, { prompt, variable: "voicemail" }, { input: "#@8s", channel: { caller: "0911000111", called: "1800" } });
    const voicemail = result.variables.voicemail as Record<string, unknown>;

    expect(voicemail.name).toMatch(/^vm-/);
    expect(voicemail.durationSeconds).toBeGreaterThan(0);
    expect(voicemail.caller).toBe("0911000111");
    expect(voicemail.called).toBe("1800");
    expect(voicemail.flow).toBe("harness");
    expect(typeof voicemail.at).toBe("string");
  });

  test("the maximum length ends the message", async () => {
    const result = await runNode(mediaRecordNode, { maxDurationSeconds: 3 });

    expect(result.port).toBe("next");
    expect(result.channel.recordings[0].durationSeconds).toBe(3);
  });

  test("nothing recorded leaves by empty", async () => {
    const result = await runNode(mediaRecordNode, { beep: false }, { input: "#@0.1s" });

    expect(result.port).toBe("empty");
  });

  test("the stop key does not reach the type-ahead buffer", async () => {
    const result = await runNode(mediaRecordNode, {}, { input: "#@2s" });

    expect(result.port).toBe("next");
    expect(result.channel.recordings[0].durationSeconds).toBe(2);
  });

  // Callers usually end a voicemail by hanging up: the message is kept and stored in the
  // variable, and the session then continues at onHangup.
  test("hang-up while recording keeps the message", async () => {
    const result = await runNode(mediaRecordNode, {}, { input: "hangup@5s" });

    expect(result.channel.recordings[0].outcome).toBe("hangup");
    expect((result.variables.recording as { durationSeconds: number }).durationSeconds).toBe(5);
  });

  test("other keys do not stop a # recording", async () => {
    const result = await runNode(mediaRecordNode, { maxDurationSeconds: 10 }, { input: "1@2s,2@3s" });

    expect(result.channel.recordings[0].durationSeconds).toBe(10);
  });

  test("rejects a maximum length of 0", () => {
    expect(mediaRecordConfigSchema.safeParse({ maxDurationSeconds: 0 }).success).toBe(false);
  });

  test("leaves no timers behind", async () => {
    const result = await runNode(mediaRecordNode, { prompt }, { input: "#@8s" });

    expect(result.pendingTimers).toBe(0);
  });
});
