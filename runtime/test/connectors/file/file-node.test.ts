import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { integrationFileNode } from "@callflow/nodes";
import { runNode } from "@callflow/sdk";

import { createConnectorServices } from "../../../src/connectors/connector-services.js";
import { withServices } from "../support/with-services.js";

const TENANT_A = "0f8e2a40-6c55-4c1b-9a55-1e2f3a4b5c6d";
const TENANT_B = "7b1d9c20-1f0e-4d2a-8b3c-9d8e7f6a5b4c";

let storageRoot: string;

beforeEach(async () => {
  storageRoot = await mkdtemp(join(tmpdir(), "callflow-file-node-"));
});

afterEach(async () => {
  await rm(storageRoot, { recursive: true, force: true });
});

function nodeFor(tenantId: string) {
  return withServices(integrationFileNode, createConnectorServices({ storageRoot, tenantId }).services);
}

describe("integration.file with tenant storage", () => {
  test("templated write lands in the tenant's root", async () => {
    const config = { operation: "append", path: "calls/{{ callDate }}.csv", content: "{{ callId }},{{ digits }}\n" };

    const result = await runNode(nodeFor(TENANT_A), config, { variables: { callDate: "2026-12-07", callId: "c-1", digits: "231" } });

    expect(result.port).toBe("ok");
    expect(await readFile(join(storageRoot, TENANT_A, "calls/2026-12-07.csv"), "utf8")).toBe("c-1,231\n");
  });

  test("read sets the variable", async () => {
    await runNode(nodeFor(TENANT_A), { operation: "write", path: "greeting.txt", content: "您好", encoding: "big5" });

    const result = await runNode(nodeFor(TENANT_A), { operation: "read", path: "greeting.txt", encoding: "big5", variable: "greeting" });

    expect(result.port).toBe("ok");
    expect(result.variables.greeting).toBe("您好");
  });

  test("list sets entries", async () => {
    await runNode(nodeFor(TENANT_A), { operation: "write", path: "exports/a.csv", content: "abc" });

    const result = await runNode(nodeFor(TENANT_A), { operation: "list", path: "exports", variable: "files" });

    expect(result.variables.files).toEqual([{ name: "a.csv", type: "file", size: 3, modifiedAt: expect.any(String) }]);
  });

  test("missing file leaves by notFound", async () => {
    const result = await runNode(nodeFor(TENANT_A), { operation: "read", path: "none.txt", variable: "x", notFoundPort: true });

    expect(result.port).toBe("notFound");
  });

  test("missing file without notFound is an error", async () => {
    const result = await runNode(nodeFor(TENANT_A), { operation: "read", path: "none.txt", variable: "x" });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("file-not-found");
  });

  test("rendered path out of the root is an error", async () => {
    const result = await runNode(nodeFor(TENANT_A), { operation: "read", path: "{{ name }}", variable: "x" }, { variables: { name: `../${TENANT_B}/private.txt` } });

    expect(result.port).toBe("error");
    expect((result.error as { code: string }).code).toBe("invalid-file-path");
  });

  test("tenants see only their own files", async () => {
    await runNode(nodeFor(TENANT_B), { operation: "write", path: "private.txt", content: "B" });

    const result = await runNode(nodeFor(TENANT_A), { operation: "list", variable: "files" });

    expect(result.variables.files).toEqual([]);
  });
});

describe("createConnectorServices storage", () => {
  test("without storageRoot there is no file service", async () => {
    const result = await runNode(withServices(integrationFileNode, createConnectorServices().services), { operation: "mkdir", path: "a" });

    expect((result.error as { code: string }).code).toBe("service-unavailable");
  });

  test("storageRoot without tenantId is rejected", () => {
    expect(() => createConnectorServices({ storageRoot })).toThrow(/needs tenantId/);
  });
});
