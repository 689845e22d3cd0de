import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { MAIL_SERVICE, type MailMessage, type MailService } from "./mail-service.js";
import { integrationEmailNode, InvalidRecipientError, parseAddresses } from "./run.js";
import { integrationEmailConfigSchema } from "./spec.js";

function recordingMail(): MailService & { messages: MailMessage[] } {
  const messages: MailMessage[] = [];

  return {
    messages,
    async send(message) {
      messages.push(message);
      return { messageId: "<1@test>", accepted: [...message.to], rejected: [] };
    },
  };
}

function withMail(mail: MailService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === MAIL_SERVICE.name ? (mail as never) : undefined) };

  return defineNode(integrationEmailNode.spec, (ctx, config) => integrationEmailNode.run({ ...ctx, services }, config));
}

const base = { connector: "office-mail", to: "{{ email }}", subject: "Call {{ callId }}", text: "Hello {{ name }}" };

describe("integration.email", () => {
  test("renders every template", async () => {
    const mail = recordingMail();
    const config = { ...base, cc: "a@x.example; b@x.example", html: "<b>{{ name }}</b>", attachments: [{ path: "r/{{ callId }}.pdf", filename: "{{ callId }}.pdf" }] };

    const result = await runNode(withMail(mail), config, { variables: { email: "ming@customer.example", callId: "c-1", name: "Ming" } });

    expect(result.port).toBe("ok");
    expect(mail.messages[0]).toEqual({
      connector: "office-mail",
      to: ["ming@customer.example"],
      cc: ["a@x.example", "b@x.example"],
      bcc: [],
      subject: "Call c-1",
      text: "Hello Ming",
      html: "<b>Ming</b>",
      attachments: [{ path: "r/c-1.pdf", filename: "c-1.pdf" }],
      timeoutMs: 30_000,
    });
  });

  test("result variable is set", async () => {
    const result = await runNode(withMail(recordingMail()), { ...base, resultVariable: "sent" }, { variables: { email: "a@x.example" } });

    expect(result.variables.sent).toEqual({ messageId: "<1@test>", accepted: ["a@x.example"], rejected: [] });
  });

  test("empty rendered recipient is an error", async () => {
    const mail = recordingMail();

    const result = await runNode(withMail(mail), base, { variables: { email: "" } });

    expect(result.error).toBeInstanceOf(InvalidRecipientError);
    expect(mail.messages).toHaveLength(0);
  });

  test("without the service the node fails", async () => {
    const result = await runNode(integrationEmailNode, base, { variables: { email: "a@x.example" } });

    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });
});

describe("parseAddresses", () => {
  test("accepts names with addresses", () => {
    expect(parseAddresses("to", "陳小明 <ming@x.example>, b@x.example")).toEqual(["陳小明 <ming@x.example>", "b@x.example"]);
  });

  test("rejects a value without @", () => {
    expect(() => parseAddresses("cc", "ming")).toThrow('cc "ming" is not an email address');
  });
});

describe("integration.email config", () => {
  test.each([
    ["a missing body", { connector: "m", to: "a@x.example", subject: "s" }, "text", "a body is required"],
    ["an empty subject", { ...base, subject: "" }, "subject", "subject is required"],
    ["no recipient", { ...base, to: "" }, "to", "at least one recipient"],
    ["a connector name with spaces", { ...base, connector: "office mail" }, "connector", "connector name"],
    ["an attachment outside storage", { ...base, attachments: [{ path: "../x.pdf" }] }, "attachments/0/path", '".."'],
  ])("rejects %s", (_name, config, path, message) => {
    const result = integrationEmailConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });
});
