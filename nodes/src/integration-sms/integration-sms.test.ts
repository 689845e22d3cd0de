import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { integrationSmsNode, InvalidSmsDestinationError } from "./run.js";
import { SMS_SERVICE, type SmsRequest, type SmsResult, type SmsService } from "./sms-service.js";
import { integrationSmsConfigSchema, integrationSmsSpec } from "./spec.js";

function fixedSms(result: SmsResult): SmsService & { requests: SmsRequest[] } {
  const requests: SmsRequest[] = [];

  return {
    requests,
    async send(request) {
      requests.push(request);
      return result;
    },
  };
}

function withSms(sms: SmsService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === SMS_SERVICE.name ? (sms as never) : undefined) };

  return defineNode(integrationSmsNode.spec, (ctx, config) => integrationSmsNode.run({ ...ctx, services }, config));
}

const config = { connector: "carrier-sms", to: "{{ mobile }}", text: "Code {{ code }}", resultVariable: "sms" };

describe("integration.sms", () => {
  test("renders the request", async () => {
    const sms = fixedSms({ messageIds: ["m1"], outcome: "delivered", stat: "DELIVRD" });

    await runNode(withSms(sms), config, { variables: { mobile: "+886 912-345-678", code: "4711" } });

    expect(sms.requests[0]).toEqual({ connector: "carrier-sms", to: "886912345678", text: "Code 4711", waitForReceipt: true, receiptTimeoutMs: 60_000 });
  });

  test.each(["delivered", "buffered", "failed"] as const)("%s outcome is the port", async (outcome) => {
    const result = await runNode(withSms(fixedSms({ messageIds: ["m1"], outcome, stat: "X" })), config, { variables: { mobile: "1" } });

    expect(result.port).toBe(outcome);
    expect(result.variables.sms).toEqual({ messageIds: ["m1"], outcome, stat: "X" });
  });

  test("no outcome leaves by timeout", async () => {
    const result = await runNode(withSms(fixedSms({ messageIds: ["m1"] })), config, { variables: { mobile: "1" } });

    expect(result.port).toBe("timeout");
  });

  test("not waiting leaves by submitted", async () => {
    const result = await runNode(withSms(fixedSms({ messageIds: ["m1"] })), { ...config, waitForReceipt: false }, { variables: { mobile: "1" } });

    expect(result.port).toBe("submitted");
  });

  test("destination that is no number is an error", async () => {
    const sms = fixedSms({ messageIds: [] });

    const result = await runNode(withSms(sms), config, { variables: { mobile: "call me" } });

    expect(result.error).toBeInstanceOf(InvalidSmsDestinationError);
    expect(sms.requests).toHaveLength(0);
  });

  test("without the service the node fails", async () => {
    const result = await runNode(integrationSmsNode, config, { variables: { mobile: "1" } });

    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });
});

describe("integration.sms config", () => {
  test("ports follow waitForReceipt", () => {
    const ports = integrationSmsSpec.ports as (config: unknown) => string[];

    expect(ports(integrationSmsConfigSchema.parse(config))).toEqual(["delivered", "buffered", "failed", "timeout"]);
    expect(ports(integrationSmsConfigSchema.parse({ ...config, waitForReceipt: false }))).toEqual(["submitted"]);
  });

  test.each([
    ["an empty text", { ...config, text: "" }, "text", "text is required"],
    ["an empty destination", { ...config, to: "" }, "to", "destination number is required"],
    ["a receipt timeout under a second", { ...config, receiptTimeoutMs: 10 }, "receiptTimeoutMs", ""],
  ])("rejects %s", (_name, value, path, message) => {
    const result = integrationSmsConfigSchema.safeParse(value);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });
});
