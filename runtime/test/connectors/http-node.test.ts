import { runNode } from "@callflow/sdk";
import { HTTP_SERVICE, integrationHttpNode } from "@callflow/nodes";

import { EgressBlockedError } from "../../src/egress/egress-error.js";
import { EgressGuard } from "../../src/egress/egress-guard.js";
import { GuardedHttpService } from "../../src/connectors/http/guarded-http-service.js";
import { HttpClient } from "../../src/connectors/http/http-client.js";
import { ServiceTable } from "../../src/connectors/node-services.js";
import { MemorySecretStore } from "../../src/connectors/secrets.js";
import { sendJson, startLocalHttpServer, type LocalHttpServer } from "./support/local-http-server.js";
import { watchedConnections } from "./support/watched-connections.js";
import { withServices } from "./support/with-services.js";

let crm: LocalHttpServer;

beforeAll(async () => {
  crm = await startLocalHttpServer((request, response) => {
    if (request.url.startsWith("/customers/0912")) {
      sendJson(response, 200, { name: "陳小明", tier: "VIP", balance: 1200.5 });
    } else if (request.url === "/tickets") {
      sendJson(response, 201, { id: "T-9", received: JSON.parse(request.body), authorization: request.headers.authorization });
    } else {
      sendJson(response, 404, { message: "no such customer" });
    }
  });
});

afterAll(() => crm.close());

function crmNode(allow = [`127.0.0.1:${crm.port}`]) {
  const guard = new EgressGuard({ allow, lookup: async () => [] });
  const client = new HttpClient({ guard, openConnection: watchedConnections().open });
  const secrets = new MemorySecretStore({ crm: { type: "bearer", token: "tk" } });

  return withServices(integrationHttpNode, new ServiceTable().add(HTTP_SERVICE, new GuardedHttpService(client, secrets)));
}

describe("integration.http against a local server", () => {
  test("GET sets variables from JSON", async () => {
    const config = {
      url: `${crm.origin}/customers/{{ accountNo }}`,
      outputs: [
        { variable: "name", value: "response.body.name" },
        { variable: "isVip", value: 'response.body.tier = "VIP"' },
      ],
    };

    const result = await runNode(crmNode(), config, { variables: { accountNo: "0912" } });

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ name: "陳小明", isVip: true });
  });

  test("POST JSON with a bearer secret", async () => {
    const config = {
      method: "POST",
      url: `${crm.origin}/tickets`,
      body: { type: "json", value: '{ "caller": caller, "topic": "card lost" }' },
      auth: { secret: "crm" },
      outputs: [
        { variable: "ticket", value: "response.body.id" },
        { variable: "echo", value: "response.body.received.caller" },
        { variable: "sentAuth", value: "response.body.authorization" },
      ],
    };

    const result = await runNode(crmNode(), config, { variables: { caller: "0223456789" } });

    expect(result.variables).toMatchObject({ ticket: "T-9", echo: "0223456789", sentAuth: "Bearer tk" });
  });

  test("404 leaves by httpError", async () => {
    const config = { url: `${crm.origin}/customers/none`, httpErrorPort: true, outputs: [{ variable: "reason", value: "response.body.message" }] };

    const result = await runNode(crmNode(), config);

    expect(result.port).toBe("httpError");
    expect(result.variables.reason).toBe("no such customer");
  });

  test("blocked destination leaves by error", async () => {
    const received = crm.requests.length;

    const result = await runNode(crmNode([]), { url: `${crm.origin}/customers/0912` });

    expect(result.port).toBe("error");
    expect(result.error).toBeInstanceOf(EgressBlockedError);
    expect(crm.requests).toHaveLength(received);
  });
});
