import { integrationSmsNode } from "@callflow/nodes";
import { runNode } from "@callflow/sdk";

import { MemoryConnectorDirectory, type Connector } from "../../../src/connectors/connector-directory.js";
import { createConnectorServices, type ConnectorServices } from "../../../src/connectors/connector-services.js";
import { MemorySecretStore } from "../../../src/connectors/secrets.js";
import { watchedConnections } from "../support/watched-connections.js";
import { withServices } from "../support/with-services.js";
import { startLocalSmsc, type LocalSmsc, type ReceiptPlan } from "./local-smsc.js";

// Destinations tell the local center which receipt to send.
const PLANS: Record<string, ReceiptPlan> = {
  "886900000001": { stat: "DELIVRD", form: "text" },
  "886900000002": { stat: "ENROUTE", form: "text" },
  "886900000003": { stat: "UNDELIV", form: "text" },
  "886900000004": "none",
  "886900000005": { stat: "ACCEPTD", form: "parameters" },
  "886900000006": { stat: "REJECTD", form: "parameters" },
  "886900000007": { stat: "EXPIRED", form: "text" },
  "886900000008": { stat: "DELETED", form: "text" },
  "886900000009": { stat: "DELIVRD", form: "parameters" },
};

let smsc: LocalSmsc;
const opened: ConnectorServices[] = [];

beforeAll(async () => {
  smsc = await startLocalSmsc((destination) => PLANS[destination] ?? { stat: "DELIVRD", form: "text" });
});

afterEach(async () => {
  for (const connectors of opened.splice(0)) await connectors.close();
});

afterAll(async () => {
  await smsc.close();
});

function smsConnector(settings: Record<string, unknown> = {}): Connector {
  return { name: "carrier-sms", kind: "smpp", settings: { host: "127.0.0.1", port: smsc.port, sourceAddress: "BANK", sourceTon: 5, ...settings }, secret: "smpp-login" };
}

function smsNode(options: { connector?: Connector; password?: string; allow?: boolean } = {}) {
  const connections = watchedConnections();
  const connectors = createConnectorServices({
    allow: options.allow === false ? [] : [`127.0.0.1:${smsc.port}`],
    connectors: new MemoryConnectorDirectory([options.connector ?? smsConnector()]),
    secrets: new MemorySecretStore({ "smpp-login": { type: "basic", username: "bank", password: options.password ?? "pw" } }),
    openConnection: connections.open,
  });

  opened.push(connectors);
  return { node: withServices(integrationSmsNode, connectors.services), opened: connections.opened };
}

const config = { connector: "carrier-sms", to: "{{ mobile }}", text: "Your code is {{ code }}", resultVariable: "sms", receiptTimeoutMs: 5000 };

describe("integration.sms against the smpp package's server", () => {
  test("delivered receipt leaves by delivered", async () => {
    const { node } = smsNode();

    const result = await runNode(node, config, { variables: { mobile: "+886 900-000-001", code: "4711" } });

    expect(result.error).toBeUndefined();
    expect(result.port).toBe("delivered");
    expect(result.variables.sms).toMatchObject({ outcome: "delivered", stat: "DELIVRD", error: "000" });
    expect(smsc.textTo("886900000001")).toBe("Your code is 4711");
  });

  test("submit_sm carries the connector's addresses", async () => {
    const { node } = smsNode();

    await runNode(node, config, { variables: { mobile: "886900000009", code: "1" } });

    const submit = smsc.submits.find((s) => s.destination === "886900000009");

    expect(submit).toMatchObject({ systemId: "bank", source: "BANK", dataCoding: 0, registeredDelivery: 1, payload: false });
  });

  test.each([
    ["886900000002", "buffered", "ENROUTE"],
    ["886900000005", "buffered", "ACCEPTD"],
    ["886900000003", "failed", "UNDELIV"],
    ["886900000006", "failed", "REJECTD"],
    ["886900000007", "failed", "EXPIRED"],
    ["886900000008", "failed", "DELETED"],
    ["886900000009", "delivered", "DELIVRD"],
  ])("receipt for %s leaves by %s", async (mobile, port, stat) => {
    const { node } = smsNode();

    const result = await runNode(node, config, { variables: { mobile, code: "1" } });

    expect(result.port).toBe(port);
    expect((result.variables.sms as { stat: string }).stat).toBe(stat);
  });

  test("Chinese text arrives intact as UCS-2", async () => {
    const { node } = smsNode();

    const result = await runNode(node, { ...config, text: "您的驗證碼是 {{ code }}，請勿告訴他人。" }, { variables: { mobile: "886911000001", code: "4711" } });

    expect(result.port).toBe("delivered");
    expect(smsc.textTo("886911000001")).toBe("您的驗證碼是 4711，請勿告訴他人。");
    expect(smsc.submits.find((s) => s.destination === "886911000001")?.dataCoding).toBe(8);
  });

  test("long Chinese text arrives in segments", async () => {
    const { node } = smsNode();
    const text = "尊敬的客戶您好，".repeat(20) + "𠮷";

    const result = await runNode(node, { ...config, text }, { variables: { mobile: "886911000002" } });

    const parts = smsc.submits.filter((s) => s.destination === "886911000002");

    expect(result.port).toBe("delivered");
    expect(parts.map((p) => p.segment?.index)).toEqual([1, 2, 3]);
    expect(new Set(parts.map((p) => p.segment?.reference)).size).toBe(1);
    expect(parts.every((p) => p.esmClass === 0x40)).toBe(true);
    expect(smsc.textTo("886911000002")).toBe(text);
    expect((result.variables.sms as { messageIds: string[] }).messageIds).toEqual(parts.map((p) => p.messageId));
  });

  test("payload mode sends one message_payload", async () => {
    const { node } = smsNode({ connector: smsConnector({ longMessage: "payload" }) });
    const text = "客戶您好，".repeat(40);

    const result = await runNode(node, { ...config, text }, { variables: { mobile: "886911000003" } });

    const parts = smsc.submits.filter((s) => s.destination === "886911000003");

    expect(result.port).toBe("delivered");
    expect(parts).toHaveLength(1);
    expect(parts[0].payload).toBe(true);
    expect(parts[0].text).toBe(text);
  });

  test("one failed segment fails the message", async () => {
    const { node } = smsNode();

    const result = await runNode(node, { ...config, text: "x".repeat(200) }, { variables: { mobile: "886900000003" } });

    expect(result.port).toBe("failed");
  });

  test("without waiting leaves by submitted", async () => {
    const { node } = smsNode();

    const result = await runNode(node, { ...config, waitForReceipt: false }, { variables: { mobile: "886900000004", code: "1" } });

    expect(result.port).toBe("submitted");
    expect(result.variables.sms).toEqual({ messageIds: [smsc.submits.find((s) => s.destination === "886900000004")?.messageId] });
  });

  test("missing receipt leaves by timeout", async () => {
    const { node } = smsNode();

    const result = await runNode(node, { ...config, receiptTimeoutMs: 1000 }, { variables: { mobile: "886900000004", code: "1" } });

    expect(result.port).toBe("timeout");
    expect(result.variables.sms).toEqual({ messageIds: [expect.any(String)] });
  });

  test("bind is kept across messages", async () => {
    const { node } = smsNode();
    const before = smsc.binds.length;

    await runNode(node, config, { variables: { mobile: "886900000001", code: "1" } });
    await runNode(node, config, { variables: { mobile: "886900000001", code: "2" } });

    expect(smsc.binds.length - before).toBe(1);
  });

  test("wrong password is a clear bind error", async () => {
    const { node } = smsNode({ password: "wrong" });

    const result = await runNode(node, config, { variables: { mobile: "886900000001", code: "1" } });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("smpp-bind-failed");
    expect((result.error as Error).message).toContain('as system_id "bank" with status 0x0000000E (ESME_RINVPASWD)');
    expect((result.error as Error).message).not.toContain("wrong");
  });

  test("rejected destination is an error", async () => {
    const { node } = smsNode();

    const result = await runNode(node, config, { variables: { mobile: "0", code: "1" } });

    expect((result.error as { code: string }).code).toBe("smpp-submit-rejected");
    expect((result.error as Error).message).toContain("ESME_RINVDSTADR");
  });

  test("loopback without allow-list is blocked", async () => {
    const { node, opened: connections } = smsNode({ allow: false });

    const result = await runNode(node, config, { variables: { mobile: "886900000001", code: "1" } });

    expect((result.error as { code: string }).code).toBe("egress-blocked");
    expect(connections).toEqual([]);
  });

  test("connector without secret is reported", async () => {
    const { node } = smsNode({ connector: { ...smsConnector(), secret: undefined } });

    const result = await runNode(node, config, { variables: { mobile: "886900000001", code: "1" } });

    expect((result.error as Error).message).toContain("names no secret");
  });
});
