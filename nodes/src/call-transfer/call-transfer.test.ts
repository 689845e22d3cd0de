import { runNode } from "@callflow/sdk";

import { callTransferNode } from "./run.js";
import { callTransferConfigSchema } from "./spec.js";

const config = { endpoint: "PJSIP/{{agent}}", callerId: "0223456789", timeoutSeconds: 20, variables: [{ name: "X_ACCOUNT", value: "accountNo" }] };
const variables = { agent: "1001", accountNo: "12345" };

describe("call.transfer", () => {
  test("answered after the far side hangs up", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "answer", ringMs: 2000, talkMs: 5000 } } } });

    expect(result.port).toBe("answered");
    expect(result.elapsedMs).toBe(7000);
  });

  test("renders the endpoint and passes caller id and data packet", async () => {
    const result = await runNode(callTransferNode, config, { variables });

    expect(result.channel.dials[0]).toMatchObject({ endpoint: "PJSIP/1001", callerId: "0223456789", timeoutSeconds: 20, variables: { X_ACCOUNT: "12345" } });
  });

  test("no answer within the timeout", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "noAnswer" } } } });

    expect(result.port).toBe("noAnswer");
    expect(result.elapsedMs).toBe(20_000);
  });

  test("ringing longer than the timeout is no answer", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "answer", ringMs: 25_000 } } } });

    expect(result.port).toBe("noAnswer");
  });

  test("busy", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "busy" } } } });

    expect(result.port).toBe("busy");
  });

  test("congestion fails", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "congestion" } } } });

    expect(result.port).toBe("failed");
  });

  test("an unknown number fails", async () => {
    const result = await runNode(callTransferNode, config, { variables, channel: { endpoints: { "PJSIP/1001": { outcome: "unknown" } } } });

    expect(result.port).toBe("failed");
  });

  test("caller hang-up during the bridged call ends the node as a hang-up", async () => {
    const result = await runNode(callTransferNode, config, { variables, input: "hangup@4s" });

    expect(result.port).toBe("hangup");
    expect(result.pendingTimers).toBe(0);
  });

  test("rejects an endpoint without technology", () => {
    expect(callTransferConfigSchema.safeParse({ endpoint: "1001" }).success).toBe(false);
  });
});
