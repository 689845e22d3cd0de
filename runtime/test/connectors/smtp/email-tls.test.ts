import { integrationEmailNode } from "@callflow/nodes";
import { runNode } from "@callflow/sdk";

import { MemoryConnectorDirectory } from "../../../src/connectors/connector-directory.js";
import { createConnectorServices } from "../../../src/connectors/connector-services.js";
import { MemorySecretStore } from "../../../src/connectors/secrets.js";
import { watchedConnections } from "../support/watched-connections.js";
import { withServices } from "../support/with-services.js";
import { startLocalSmtpServer, type LocalSmtpServer } from "./local-smtp-server.js";
import { createLoopbackCertificate } from "./test-certificate.js";

const certificate = createLoopbackCertificate();
const servers: LocalSmtpServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
});

async function emailNodeFor(mode: "tls" | "starttls", ca: string | undefined) {
  const smtp = await startLocalSmtpServer({ ...certificate, mode });
  const settings = { host: "127.0.0.1", port: smtp.port, security: mode, from: "hotline@bank.example", ...(ca === undefined ? {} : { ca }) };
  const { services } = createConnectorServices({
    allow: [`127.0.0.1:${smtp.port}`],
    connectors: new MemoryConnectorDirectory([{ name: "office-mail", kind: "smtp", settings, secret: "mail-login" }]),
    secrets: new MemorySecretStore({ "mail-login": { type: "basic", username: "hotline", password: "s3cret" } }),
    openConnection: watchedConnections().open,
  });

  servers.push(smtp);
  return { smtp, node: withServices(integrationEmailNode, services) };
}

const config = { connector: "office-mail", to: "ming@customer.example", subject: "Call record", text: "Attached." };

describe("integration.email over TLS", () => {
  test.each(["starttls", "tls"] as const)("%s with the server's CA sends", async (mode) => {
    const { smtp, node } = await emailNodeFor(mode, certificate.cert);

    const result = await runNode(node, config);

    expect(result.error).toBeUndefined();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].secure).toBe(true);
    expect(smtp.messages[0].user).toBe("hotline");
  });

  test.each(["starttls", "tls"] as const)("%s with an unknown certificate fails", async (mode) => {
    const { smtp, node } = await emailNodeFor(mode, undefined);

    const result = await runNode(node, config);

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("smtp-connection-failed");
    expect((result.error as Error).message).toMatch(/self[- ]signed certificate/);
    expect(smtp.messages).toHaveLength(0);
  });
});
