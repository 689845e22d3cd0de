import { runNode } from "@callflow/sdk";
import { integrationSocketNode, SOCKET_SERVICE } from "@callflow/nodes";
import iconv from "iconv-lite";

import { EgressGuard } from "../../src/egress/egress-guard.js";
import { ServiceTable } from "../../src/connectors/node-services.js";
import { GuardedSocketService } from "../../src/connectors/socket/guarded-socket-service.js";
import { onLines, startLocalTcpServer, type LocalTcpServer } from "./support/local-tcp-server.js";
import { watchedConnections } from "./support/watched-connections.js";
import { withServices } from "./support/with-services.js";

let billing: LocalTcpServer;
let service: GuardedSocketService;

beforeAll(async () => {
  // A billing system that reads GBK lines "BAL|<account>|<seq>" and replies "OK|<seq>|<balance>|<name>".
  billing = await startLocalTcpServer((socket) =>
    onLines(socket, (line) => {
      const [, account, seq] = iconv.decode(line, "gbk").split("|");

      socket.write(Buffer.concat([iconv.encode(`OK|${seq}|${account === "0912" ? "1200.50" : "0"}|陈小明`, "gbk"), Buffer.from("\n")]));
    }),
  );
  service = new GuardedSocketService({ guard: new EgressGuard({ allow: [`127.0.0.1:${billing.port}`] }), openConnection: watchedConnections().open });
});

afterAll(async () => {
  service.close();
  await billing.close();
});

function config(mode: "short" | "long") {
  return {
    connection: {
      host: "127.0.0.1",
      port: billing.port,
      mode,
      framing: { type: "delimiter", delimiter: "\n" },
      encoding: "gbk",
      correlation: { type: "pattern", pattern: "^\\w+\\|(?:\\d+\\|)?(\\w+-\\d+)" },
    },
    message: "BAL|{{ accountNo }}|{{ callId }}",
    outputs: [
      { variable: "balance", value: '$number($split(reply.text, "|")[2])' },
      { variable: "holder", value: '$split(reply.text, "|")[3]' },
    ],
  };
}

describe("integration.socket against a local server", () => {
  test.each(["short", "long"] as const)("%s connection sets variables from a GBK reply", async (mode) => {
    const node = withServices(integrationSocketNode, new ServiceTable().add(SOCKET_SERVICE, service));

    const result = await runNode(node, config(mode), { variables: { accountNo: "0912", callId: mode === "short" ? "call-1" : "call-2" } });

    expect(result.port).toBe("next");
    expect(result.variables).toMatchObject({ balance: 1200.5, holder: "陈小明" });
  });
});
