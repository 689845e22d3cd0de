import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { integrationEmailNode } from "@callflow/nodes";
import { runNode } from "@callflow/sdk";

import { MemoryConnectorDirectory, type Connector } from "../../../src/connectors/connector-directory.js";
import { createConnectorServices } from "../../../src/connectors/connector-services.js";
import { MemorySecretStore } from "../../../src/connectors/secrets.js";
import { watchedConnections } from "../support/watched-connections.js";
import { withServices } from "../support/with-services.js";
import { startLocalSmtpServer, type LocalSmtpServer } from "./local-smtp-server.js";
import { decodeHeader, leafParts, parseMime } from "./mime-message.js";

const TENANT = "0f8e2a40-6c55-4c1b-9a55-1e2f3a4b5c6d";
// Every byte value, so a transfer-encoding mistake shows in the comparison.
const PDF_BYTES = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));

let smtp: LocalSmtpServer;
let storageRoot: string;

beforeAll(async () => {
  smtp = await startLocalSmtpServer();
  storageRoot = await mkdtemp(join(tmpdir(), "callflow-mail-"));
  await mkdir(join(storageRoot, TENANT, "reports"), { recursive: true });
  await writeFile(join(storageRoot, TENANT, "reports", "c-42.pdf"), PDF_BYTES);
});

afterAll(async () => {
  await smtp.close();
  await rm(storageRoot, { recursive: true, force: true });
});

beforeEach(() => {
  smtp.messages.length = 0;
  smtp.failedLogins.length = 0;
});

function mailConnector(overrides: Partial<Connector> = {}): Connector {
  return {
    name: "office-mail",
    kind: "smtp",
    settings: { host: "127.0.0.1", port: smtp.port, security: "none", from: "Hotline <hotline@bank.example>" },
    secret: "mail-login",
    ...overrides,
  };
}

function emailNode(options: { connectors?: Connector[]; password?: string; allow?: boolean } = {}) {
  const connections = watchedConnections();
  const { services } = createConnectorServices({
    allow: options.allow === false ? [] : [`127.0.0.1:${smtp.port}`],
    connectors: new MemoryConnectorDirectory(options.connectors ?? [mailConnector()]),
    secrets: new MemorySecretStore({ "mail-login": { type: "basic", username: "hotline", password: options.password ?? "s3cret" } }),
    openConnection: connections.open,
    storageRoot,
    tenantId: TENANT,
  });

  return { node: withServices(integrationEmailNode, services), opened: connections.opened };
}

const config = {
  connector: "office-mail",
  to: "{{ customerName }} <{{ customerEmail }}>",
  cc: "supervisor@bank.example",
  bcc: "archive@bank.example",
  subject: "通話記錄 {{ callId }}",
  text: "{{ customerName }} 您好，附件是通話 {{ callId }} 的記錄。",
  html: "<p>Call <b>{{ callId }}</b></p>",
  attachments: [{ path: "reports/{{ callId }}.pdf", filename: "call-{{ callId }}.pdf" }],
  resultVariable: "mail",
};
const variables = { customerName: "陳小明", customerEmail: "ming@customer.example", callId: "c-42" };

describe("integration.email against a local SMTP server", () => {
  test("server receives the message", async () => {
    const { node } = emailNode();

    const result = await runNode(node, config, { variables });

    expect(result.error).toBeUndefined();
    expect(result.port).toBe("ok");
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;

    expect(mail.user).toBe("hotline");
    expect(mail.from).toBe("hotline@bank.example");
    expect(mail.recipients).toEqual(["ming@customer.example", "supervisor@bank.example", "archive@bank.example"]);
  });

  test("headers and bodies are rendered", async () => {
    const { node } = emailNode();

    await runNode(node, config, { variables });

    const message = parseMime(smtp.messages[0].raw);
    const leaves = leafParts(message);
    const text = leaves.find((part) => part.headers["content-type"].startsWith("text/plain"));
    const html = leaves.find((part) => part.headers["content-type"].startsWith("text/html"));

    expect(decodeHeader(message.headers.subject)).toBe("通話記錄 c-42");
    expect(decodeHeader(message.headers.to)).toContain("<ming@customer.example>");
    expect(message.headers.cc).toBe("supervisor@bank.example");
    expect(message.headers.bcc).toBeUndefined();
    expect(text?.body.toString("utf8")).toBe("陳小明 您好，附件是通話 c-42 的記錄。");
    expect(html?.body.toString("utf8")).toBe("<p>Call <b>c-42</b></p>");
  });

  test("attachment bytes arrive intact", async () => {
    const { node } = emailNode();

    await runNode(node, config, { variables });

    const attachment = leafParts(parseMime(smtp.messages[0].raw)).find((part) => part.headers["content-disposition"]?.startsWith("attachment"));

    expect(attachment?.headers["content-disposition"]).toMatch(/filename="?call-c-42\.pdf"?$/);
    expect(attachment?.body).toEqual(PDF_BYTES);
  });

  test("result variable lists accepted recipients", async () => {
    const { node } = emailNode();

    const result = await runNode(node, config, { variables });

    expect(result.variables.mail).toEqual({
      messageId: expect.stringMatching(/^<.+@.+>$/),
      accepted: ["ming@customer.example", "supervisor@bank.example", "archive@bank.example"],
      rejected: [],
    });
  });

  test("connection goes to the checked address", async () => {
    const { node, opened } = emailNode();

    await runNode(node, config, { variables });

    expect(opened.map((destination) => `${destination.address}:${destination.port}`)).toEqual([`127.0.0.1:${smtp.port}`]);
  });

  test("wrong password is a clear error", async () => {
    const { node } = emailNode({ password: "wrong" });

    const result = await runNode(node, config, { variables });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("smtp-auth-failed");
    expect((result.error as Error).message).toContain('rejected the credentials of connector "office-mail"');
    expect((result.error as Error).message).not.toContain("wrong");
    expect(smtp.failedLogins).toEqual(["hotline"]);
    expect(smtp.messages).toHaveLength(0);
  });

  test("refused recipient leaves by error", async () => {
    const { node } = emailNode();

    const result = await runNode(node, { ...config, cc: "", bcc: "" }, { variables: { ...variables, customerEmail: "nobody@blocked.example" } });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("smtp-recipients-rejected");
    expect((result.error as Error).message).toContain("nobody@blocked.example");
    expect(smtp.messages).toHaveLength(0);
  });

  test("one refused recipient among several is reported", async () => {
    const { node } = emailNode();

    const result = await runNode(node, { ...config, cc: "nobody@blocked.example", bcc: "" }, { variables });

    expect(result.port).toBe("ok");
    expect(result.variables.mail).toMatchObject({ accepted: ["ming@customer.example"], rejected: ["nobody@blocked.example"] });
  });

  test("loopback without allow-list is blocked", async () => {
    const { node, opened } = emailNode({ allow: false });

    const result = await runNode(node, config, { variables });

    expect((result.error as { code: string }).code).toBe("egress-blocked");
    expect(opened).toEqual([]);
  });

  test("attachment outside storage is rejected", async () => {
    const { node } = emailNode();

    const result = await runNode(node, { ...config, attachments: [{ path: "{{ file }}" }] }, { variables: { ...variables, file: `../${TENANT}-other/x.pdf` } });

    expect((result.error as { code: string }).code).toBe("invalid-file-path");
    expect(smtp.messages).toHaveLength(0);
  });

  test("unknown connector is a clear error", async () => {
    const { node } = emailNode();

    const result = await runNode(node, { ...config, connector: "other-mail" }, { variables });

    expect((result.error as { code: string }).code).toBe("connector-not-found");
  });

  test("connector of another kind is rejected", async () => {
    const { node } = emailNode({ connectors: [mailConnector({ kind: "http" })] });

    const result = await runNode(node, config, { variables });

    expect((result.error as Error).message).toContain("has kind http, not smtp");
  });

  test("invalid connector settings are reported", async () => {
    const { node } = emailNode({ connectors: [mailConnector({ settings: { host: "127.0.0.1", port: smtp.port, security: "ssl", from: "hotline@bank.example" } })] });

    const result = await runNode(node, config, { variables });

    expect((result.error as { code: string }).code).toBe("invalid-connector-settings");
    expect((result.error as Error).message).toContain("security");
  });
});
