import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { MemoryLogger } from "@callflow/sdk";
import iconv from "iconv-lite";

import { FileContentError, FileNotFoundError, FilePathError, FileTooLargeError, FileTypeError, FolderNotEmptyError } from "../../../src/connectors/file/file-errors.js";
import { TenantStorage } from "../../../src/connectors/file/tenant-storage.js";

const TENANT_A = "0f8e2a40-6c55-4c1b-9a55-1e2f3a4b5c6d";
const TENANT_B = "7b1d9c20-1f0e-4d2a-8b3c-9d8e7f6a5b4c";
const context = { signal: new AbortController().signal, log: new MemoryLogger() };
const text = { encoding: "utf8", maxBytes: 1024 } as const;

let storageDir: string;
let outside: string;
let storage: TenantStorage;
let rootA: string;

beforeEach(async () => {
  storageDir = await mkdtemp(join(tmpdir(), "callflow-storage-"));
  outside = await mkdtemp(join(tmpdir(), "callflow-outside-"));
  await writeFile(join(outside, "secret.txt"), "outside");
  storage = TenantStorage.forTenant(storageDir, TENANT_A);
  rootA = join(storageDir, TENANT_A);
  await mkdir(rootA, { recursive: true });
});

afterEach(async () => {
  await rm(storageDir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe("TenantStorage operations", () => {
  test("write creates folders and read returns the text", async () => {
    await storage.write("exports/2026/notes.txt", "客户来电 ok", text, context);

    const result = await storage.read("exports/2026/notes.txt", text, context);

    expect(result.content).toBe("客户来电 ok");
    expect(await readFile(join(rootA, "exports/2026/notes.txt"), "utf8")).toBe("客户来电 ok");
  });

  test.each(["gbk", "big5"] as const)("%s text is stored in that encoding", async (encoding) => {
    const content = encoding === "gbk" ? "陈小明的账户" : "陳小明的帳戶";

    await storage.write("names.txt", content, { encoding, maxBytes: 1024 }, context);

    expect(await readFile(join(rootA, "names.txt"))).toEqual(iconv.encode(content, encoding));
    expect((await storage.read("names.txt", { encoding, maxBytes: 1024 }, context)).content).toBe(content);
  });

  test("base64 content round-trips bytes", async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);

    await storage.write("blob.bin", bytes.toString("base64"), { encoding: "base64", maxBytes: 16 }, context);

    expect(await readFile(join(rootA, "blob.bin"))).toEqual(bytes);
    expect((await storage.read("blob.bin", { encoding: "base64", maxBytes: 16 }, context)).content).toBe(bytes.toString("base64"));
  });

  test("invalid base64 is rejected", async () => {
    await expect(storage.write("blob.bin", "not base64!", { encoding: "base64", maxBytes: 16 }, context)).rejects.toThrow(FileContentError);
  });

  test("append adds to the end", async () => {
    await storage.append("log/calls.csv", "a\n", text, context);
    await storage.append("log/calls.csv", "b\n", text, context);

    expect(await readFile(join(rootA, "log/calls.csv"), "utf8")).toBe("a\nb\n");
  });

  test("append past maxBytes is rejected", async () => {
    await storage.write("grow.txt", "12345", text, context);

    await expect(storage.append("grow.txt", "678", { encoding: "utf8", maxBytes: 7 }, context)).rejects.toThrow(FileTooLargeError);
    expect(await readFile(join(rootA, "grow.txt"), "utf8")).toBe("12345");
  });

  test("write past maxBytes is rejected", async () => {
    await expect(storage.write("big.txt", "x".repeat(11), { encoding: "utf8", maxBytes: 10 }, context)).rejects.toThrow(FileTooLargeError);
    expect(existsSync(join(rootA, "big.txt"))).toBe(false);
  });

  test("read past maxBytes is rejected", async () => {
    await writeFile(join(rootA, "big.txt"), "x".repeat(2000));

    await expect(storage.read("big.txt", text, context)).rejects.toThrow(/2000 bytes, more than the limit of 1024/);
  });

  test("list returns files and folders", async () => {
    await storage.write("b.txt", "four", text, context);
    await storage.mkdir("a/nested", context);

    const entries = await storage.list("", context);

    expect(entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ["a", "folder", 0],
      ["b.txt", "file", 4],
    ]);
    expect(Date.parse(entries[1].modifiedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  test("delete removes a file", async () => {
    await storage.write("old.txt", "x", text, context);

    await storage.delete("old.txt", { recursive: false }, context);

    expect(existsSync(join(rootA, "old.txt"))).toBe(false);
  });

  test("delete keeps a folder with entries", async () => {
    await storage.write("dir/file.txt", "x", text, context);

    await expect(storage.delete("dir", { recursive: false }, context)).rejects.toThrow(FolderNotEmptyError);
    await storage.delete("dir", { recursive: true }, context);
    expect(existsSync(join(rootA, "dir"))).toBe(false);
  });

  test("missing file is not found", async () => {
    await expect(storage.read("none.txt", text, context)).rejects.toThrow(FileNotFoundError);
    await expect(storage.list("none", context)).rejects.toThrow(FileNotFoundError);
    await expect(storage.delete("none.txt", { recursive: false }, context)).rejects.toThrow(FileNotFoundError);
  });

  test("reading a folder is a type error", async () => {
    await storage.mkdir("dir", context);

    await expect(storage.read("dir", text, context)).rejects.toThrow(FileTypeError);
    await expect(storage.write("dir", "x", text, context)).rejects.toThrow(FileTypeError);
  });
});

describe("TenantStorage paths", () => {
  test.each([
    ["parent segment", "../x.txt"],
    ["parent inside path", "a/../../x.txt"],
    ["absolute path", "/etc/passwd"],
    ["Windows drive", "C:\\Windows\\win.ini"],
    ["Windows drive with slash", "C:/x.txt"],
    ["backslash parent", "..\\x.txt"],
    ["UNC path", "\\\\server\\share\\x.txt"],
    ["NUL byte", "a.txt\u0000.jpg"],
  ])("%s is rejected", async (_name, path) => {
    await expect(storage.write(path, "x", text, context)).rejects.toThrow(FilePathError);
    await expect(storage.read(path, text, context)).rejects.toThrow(FilePathError);
  });

  test("the root cannot be deleted", async () => {
    await expect(storage.delete(".", { recursive: true }, context)).rejects.toThrow(FilePathError);
    expect(existsSync(rootA)).toBe(true);
  });

  test("symlink to an outside file is not read", async () => {
    await symlink(join(outside, "secret.txt"), join(rootA, "link.txt"));

    await expect(storage.read("link.txt", text, context)).rejects.toThrow(/leads out of the tenant's storage/);
  });

  test("symlink to an outside file is not written", async () => {
    await symlink(join(outside, "secret.txt"), join(rootA, "link.txt"));

    await expect(storage.write("link.txt", "changed", text, context)).rejects.toThrow(FilePathError);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("outside");
  });

  test("symlinked folder out is not entered", async () => {
    await symlink(outside, join(rootA, "out"));

    await expect(storage.read("out/secret.txt", text, context)).rejects.toThrow(FilePathError);
    await expect(storage.write("out/new.txt", "x", text, context)).rejects.toThrow(FilePathError);
    await expect(storage.list("out", context)).rejects.toThrow(FilePathError);
    await expect(storage.mkdir("out/sub", context)).rejects.toThrow(FilePathError);
    expect(existsSync(join(outside, "new.txt"))).toBe(false);
    expect(existsSync(join(outside, "sub"))).toBe(false);
  });

  test("link to a missing target is not written", async () => {
    await symlink(join(outside, "created.txt"), join(rootA, "dangling.txt"));

    await expect(storage.write("dangling.txt", "x", text, context)).rejects.toThrow(FilePathError);
    expect(existsSync(join(outside, "created.txt"))).toBe(false);
  });

  test("deleting a link out removes only the link", async () => {
    await symlink(outside, join(rootA, "out"));

    await storage.delete("out", { recursive: true }, context);

    expect(existsSync(join(rootA, "out"))).toBe(false);
    expect(await readFile(join(outside, "secret.txt"), "utf8")).toBe("outside");
  });

  test("symlink loop is rejected", async () => {
    await symlink(join(rootA, "loop-b"), join(rootA, "loop-a"));
    await symlink(join(rootA, "loop-a"), join(rootA, "loop-b"));

    await expect(storage.read("loop-a", text, context)).rejects.toThrow(FilePathError);
    await expect(storage.write("loop-a/x.txt", "x", text, context)).rejects.toThrow(FilePathError);
  });

  test("listing leaves out links that lead out", async () => {
    await symlink(outside, join(rootA, "out"));
    await storage.write("kept.txt", "x", text, context);

    const entries = await storage.list("", context);

    expect(entries.map((e) => e.name)).toEqual(["kept.txt"]);
  });

  test("symlink inside the root is followed", async () => {
    await storage.write("real/data.txt", "inside", text, context);
    await symlink(join(rootA, "real"), join(rootA, "alias"));

    expect((await storage.read("alias/data.txt", text, context)).content).toBe("inside");
  });
});

describe("TenantStorage tenants", () => {
  test("a tenant cannot reach another tenant's files", async () => {
    const storageB = TenantStorage.forTenant(storageDir, TENANT_B);

    await storageB.write("private.txt", "tenant B", text, context);

    await expect(storage.read(`../${TENANT_B}/private.txt`, text, context)).rejects.toThrow(FilePathError);
    await expect(storage.read("private.txt", text, context)).rejects.toThrow(FileNotFoundError);
    expect(await storage.list("", context)).toEqual([]);
  });

  test("a link to another tenant's root is rejected", async () => {
    const storageB = TenantStorage.forTenant(storageDir, TENANT_B);

    await storageB.write("private.txt", "tenant B", text, context);
    await symlink(join(storageDir, TENANT_B), join(rootA, "b"));

    await expect(storage.read("b/private.txt", text, context)).rejects.toThrow(FilePathError);
  });

  test.each(["..", "a/b", "", "x".repeat(65)])("tenant id %j is rejected", (tenantId) => {
    expect(() => TenantStorage.forTenant(storageDir, tenantId)).toThrow(RangeError);
  });
});
