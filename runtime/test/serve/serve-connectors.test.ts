import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { silentLogger, type Logger } from "@callflow/sdk";

import { AriTestServer } from "../../src/ari/test-server/index.js";
import { loadServeConfig, ServeConfigError } from "../../src/serve/serve-config.js";
import { startServe, type ServeHandle } from "../../src/serve/start-serve.js";
import { scriptAndHttpFlow } from "../sandbox/support/script-and-http-flow.js";

jest.setTimeout(60_000);

// Under Jest the sandbox's workers run the TypeScript sources, so they load the same hooks as
// the store tests' child processes.
const SANDBOX_WORKER = { execArgv: ["--import", resolve(__dirname, "../store/support/register-hooks.mjs")] };

interface Received {
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

let folder: string;
let ari: AriTestServer;
let crm: Server;
let crmPort: number;
let received: Received[];
let handle: ServeHandle | undefined;

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), "callflow-serve-connectors-"));
  ari = await AriTestServer.start({ users: [{ username: "callflow", password: "serve-secret" }] });
  received = [];
  crm = createServer((request, response) => {
    received.push({ url: request.url, headers: request.headers });
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ balance: 1234.5 }));
  });
  await new Promise<void>((done) => crm.listen(0, "127.0.0.1", done));
  crmPort = (crm.address() as AddressInfo).port;
  mkdirSync(join(folder, "balance"));
  writeFileSync(join(folder, "balance", "flow.json"), JSON.stringify(scriptAndHttpFlow));
  writeFileSync(
    join(folder, "directory.yaml"),
    [
      "numbers:",
      '  - number: "1001"',
      "    tenantId: harbour-bank",
      "    flow: balance",
      "    quotas: { maxConcurrentCalls: 2 }",
      '  - number: "1002"',
      "    tenantId: lotus-telecom",
      "    flow: balance",
      "    quotas: { maxConcurrentCalls: 2 }",
    ].join("\n"),
  );
});

afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
  await ari.close();
  await new Promise((done) => crm.close(done));
  rmSync(folder, { recursive: true, force: true });
});

// Only harbour-bank has the crm connector; lotus-telecom's flow names it too.
function writeConfig(secret: string[]): string {
  const file = join(folder, "callflow.yaml");
  const lines = [
    "directory: directory.yaml",
    "drainSeconds: 5",
    "asterisk:",
    "  - name: test-pbx",
    `    url: ${ari.url}`,
    "    username: callflow",
    "    password: serve-secret",
    "records:",
    "  calls: calls.jsonl",
    "egress:",
    "  allow:",
    `    - 127.0.0.1:${crmPort}`,
    "sandbox:",
    "  workers: 1",
    "connectors:",
    "  harbour-bank:",
    "    - name: crm",
    "      kind: http",
    "      settings:",
    `        baseUrl: http://127.0.0.1:${crmPort}/api/`,
    "      secret: crm-login",
    "secrets:",
    "  harbour-bank:",
    "    crm-login:",
    "      type: basic",
    "      username: ivr",
    ...secret.map((line) => `      ${line}`),
  ];

  writeFileSync(file, lines.join("\n"));
  return file;
}

// Keeps the fields of warnings; every other line is dropped.
function recordingLogger(warnings: unknown[]): Logger {
  const logger: Logger = { ...silentLogger, warn: (fields) => void warnings.push(fields), child: () => logger };

  return logger;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;

  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function callAndStop(extension: string): Promise<Array<Record<string, unknown>>> {
  const call = ari.control.startInboundCall({ app: "callflow", extension, callerNumber: "0911222333" });

  await call.ended();
  await until(() => handle!.service.activeCalls === 0, "the session to end");
  await handle!.shutdown();
  handle = undefined;
  return readFileSync(join(folder, "calls.jsonl"), "utf8").trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe("callflow serve with connectors", () => {
  it("runs a script and an allowed HTTP connector", async () => {
    const config = loadServeConfig(writeConfig(["passwordEnv: CRM_PASSWORD"]), { CRM_PASSWORD: "crm-password" });
    handle = await startServe(config, undefined, {}, { sandboxWorker: SANDBOX_WORKER });

    const records = await callAndStop("1001");

    expect(records).toEqual([expect.objectContaining({ tenantId: "harbour-bank", outcome: "completed" })]);
    expect(records[0].variables).toMatchObject({ account: "A-42", balance: 1234.5 });
    expect(received.map((request) => request.url)).toEqual(["/api/customers/A-42"]);
    expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from("ivr:crm-password").toString("base64")}`);
  });

  it("keeps one tenant's connector from another", async () => {
    const config = loadServeConfig(writeConfig(["passwordEnv: CRM_PASSWORD"]), { CRM_PASSWORD: "crm-password" });
    handle = await startServe(config, undefined, {}, { sandboxWorker: SANDBOX_WORKER });

    const records = await callAndStop("1002");

    expect(records).toEqual([expect.objectContaining({ tenantId: "lotus-telecom" })]);
    expect(records[0].variables).toMatchObject({ account: "A-42" });
    expect(records[0].variables).not.toHaveProperty("balance");
    expect(received).toEqual([]);
  });

  it("names a missing environment variable at start", () => {
    const load = () => loadServeConfig(writeConfig(["passwordEnv: CRM_PASSWORD"]), {});

    expect(load).toThrow(ServeConfigError);
    expect(load).toThrow("secrets.harbour-bank.crm-login: environment variable CRM_PASSWORD is not set");
  });

  it("warns about an inline secret value", async () => {
    const warnings: unknown[] = [];
    const logger = recordingLogger(warnings);
    const config = loadServeConfig(writeConfig(["password: crm-password"]), {});

    handle = await startServe(config, logger, {}, { sandboxWorker: SANDBOX_WORKER });

    expect(config.inlineSecrets).toEqual([{ tenantId: "harbour-bank", name: "crm-login" }]);
    expect(warnings).toEqual([expect.objectContaining({ tenantId: "harbour-bank", secret: "crm-login" })]);
    expect(JSON.stringify(warnings)).not.toContain("crm-password");
  });

  it("rejects connectors of a tenant the directory lacks", async () => {
    const file = writeConfig(["passwordEnv: CRM_PASSWORD"]);

    writeFileSync(file, readFileSync(file, "utf8").replaceAll("harbour-bank", "harbor-bank"));
    const config = loadServeConfig(file, { CRM_PASSWORD: "crm-password" });

    await expect(startServe(config, undefined, {}, { sandboxWorker: SANDBOX_WORKER })).rejects.toThrow('tenant "harbor-bank", which no number of');
  });
});
