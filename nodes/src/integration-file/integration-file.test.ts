import { defineNode, runNode, type NodeDefinition, type NodeServices } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { FILE_SERVICE, type FileService } from "./file-service.js";
import { integrationFileNode } from "./run.js";
import { integrationFileConfigSchema, integrationFileSpec } from "./spec.js";

/** Records every call and returns fixed values for reads and lists. */
function recordingFiles(): FileService & { calls: unknown[][] } {
  const calls: unknown[][] = [];

  return {
    calls,
    async read(path, options) {
      calls.push(["read", path, options]);
      if (path === "missing.txt") throw Object.assign(new Error("not found"), { code: "file-not-found" });
      return { content: "text of " + path, bytes: 10 };
    },
    async write(path, content, options) {
      calls.push(["write", path, content, options]);
      return { bytes: content.length };
    },
    async append(path, content, options) {
      calls.push(["append", path, content, options]);
      return { bytes: content.length };
    },
    async delete(path, options) {
      calls.push(["delete", path, options]);
    },
    async list(path) {
      calls.push(["list", path]);
      return [{ name: "a.txt", type: "file", size: 1, modifiedAt: "2026-12-07T02:00:00.000Z" }];
    },
    async mkdir(path) {
      calls.push(["mkdir", path]);
    },
  };
}

function withFiles(files: FileService): NodeDefinition<any, any> {
  const services: NodeServices = { get: (key) => (key.name === FILE_SERVICE.name ? (files as never) : undefined) };

  return defineNode(integrationFileNode.spec, (ctx, config) => integrationFileNode.run({ ...ctx, services }, config));
}

describe("integration.file", () => {
  test("renders path and content", async () => {
    const files = recordingFiles();

    const result = await runNode(withFiles(files), { operation: "write", path: "calls/{{ callId }}.txt", content: "digits={{ digits }}" }, { variables: { callId: "c-9", digits: "12" } });

    expect(result.port).toBe("ok");
    expect(files.calls[0]).toEqual(["write", "calls/c-9.txt", "digits=12", { encoding: "utf8", maxBytes: 1048576 }]);
  });

  test("read sets the variable", async () => {
    const result = await runNode(withFiles(recordingFiles()), { operation: "read", path: "a.txt", variable: "content" });

    expect(result.variables.content).toBe("text of a.txt");
  });

  test("list sets the entries", async () => {
    const result = await runNode(withFiles(recordingFiles()), { operation: "list", variable: "entries" });

    expect(result.variables.entries).toEqual([{ name: "a.txt", type: "file", size: 1, modifiedAt: "2026-12-07T02:00:00.000Z" }]);
  });

  test("delete passes recursive", async () => {
    const files = recordingFiles();

    await runNode(withFiles(files), { operation: "delete", path: "old", recursive: true });

    expect(files.calls[0]).toEqual(["delete", "old", { recursive: true }]);
  });

  test("not found leaves by notFound", async () => {
    const result = await runNode(withFiles(recordingFiles()), { operation: "read", path: "missing.txt", variable: "c", notFoundPort: true });

    expect(result.port).toBe("notFound");
  });

  test("not found without the port is an error", async () => {
    const result = await runNode(withFiles(recordingFiles()), { operation: "read", path: "missing.txt", variable: "c" });

    expect(result.port).toBe("error");
  });

  test("without the service the node fails", async () => {
    const result = await runNode(integrationFileNode, { operation: "mkdir", path: "a" });

    expect(result.error).toBeInstanceOf(ServiceUnavailableError);
  });
});

describe("integration.file config", () => {
  test.each([
    ["a parent segment", { operation: "read", path: "../x", variable: "v" }, "path", '".."'],
    ["an absolute path", { operation: "read", path: "/etc/passwd", variable: "v" }, "path", "is absolute"],
    ["a Windows path", { operation: "write", path: "C:\\data\\x.txt", content: "x" }, "path", "backslash"],
    ["a NUL byte", { operation: "write", path: "a\u0000b", content: "x" }, "path", "NUL"],
    ["deleting the root", { operation: "delete", path: "." }, "path", "storage root"],
    ["a read without variable", { operation: "read", path: "a.txt" }, "variable", ""],
    ["a write without content", { operation: "write", path: "a.txt" }, "content", ""],
    ["an unknown operation", { operation: "move", path: "a.txt" }, "operation", "read, write, append"],
    ["an unknown encoding", { operation: "read", path: "a.txt", variable: "v", encoding: "shift_jis" }, "encoding", ""],
    ["maxBytes over 10 MiB", { operation: "read", path: "a.txt", variable: "v", maxBytes: 20_000_000 }, "maxBytes", ""],
  ])("rejects %s", (_name, config, path, message) => {
    const result = integrationFileConfigSchema.safeParse(config);

    expect(result.error?.issues[0].path.join("/")).toBe(path);
    expect(result.error?.issues[0].message).toContain(message);
  });

  test("templated paths are checked at run time", () => {
    expect(integrationFileConfigSchema.safeParse({ operation: "read", path: "{{ name }}", variable: "v" }).success).toBe(true);
  });

  test("notFound port only when asked", () => {
    const ports = integrationFileSpec.ports as (config: unknown) => string[];

    expect(ports(integrationFileConfigSchema.parse({ operation: "read", path: "a", variable: "v" }))).toEqual(["ok"]);
    expect(ports(integrationFileConfigSchema.parse({ operation: "read", path: "a", variable: "v", notFoundPort: true }))).toEqual(["ok", "notFound"]);
  });
});
