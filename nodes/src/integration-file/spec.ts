import { defineSpec, type CompiledTemplate } from "@callflow/sdk";
import { z } from "zod";

import { ALL_KINDS } from "../shared/kinds.js";
import { variableNameSchema } from "../shared/schemas.js";
import { FILE_ENCODINGS, type FileEncoding } from "./file-service.js";

/** Largest read or write a node may set, in bytes (10 MiB). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/**
 * A path relative to the tenant's storage root, with `{{ }}` placeholders. A path without
 * placeholders is checked here; the runtime checks every rendered path again.
 */
const pathSchema = z
  .string()
  .max(1024)
  .superRefine((path, context) => {
    if (path.includes("{{")) return;
    const problem = staticPathProblem(path);

    if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
  });

const maxBytesSchema = z.number().int().min(1).max(MAX_FILE_BYTES).default(1024 * 1024);
const encodingSchema = z.enum(FILE_ENCODINGS).default("utf8");

const operationSchemas = [
  z.object({
    operation: z.literal("read"),
    path: pathSchema,
    /** Text encoding of the file, or base64 for its bytes. Default utf8. */
    encoding: encodingSchema,
    /** Files larger than this many bytes leave by `error`. Default 1 MiB. */
    maxBytes: maxBytesSchema,
    /** Variable set to the content. */
    variable: variableNameSchema,
    /** Leave by `notFound` when the file does not exist; otherwise that leaves by `error`. Default false. */
    notFoundPort: z.boolean().default(false),
  }),
  z.object({
    operation: z.enum(["write", "append"]),
    path: pathSchema,
    /** Content with `{{ }}` placeholders; with base64 encoding, the rendered text is decoded to bytes. */
    content: z.string().max(MAX_FILE_BYTES),
    encoding: encodingSchema,
    /** Larger content, or an append that grows the file beyond this, leaves by `error`. Default 1 MiB. */
    maxBytes: maxBytesSchema,
  }),
  z.object({
    operation: z.literal("delete"),
    path: pathSchema.refine((path) => !isRoot(path), { message: "is the storage root itself; name a file or folder inside it" }),
    /** Delete a folder with everything in it; otherwise only an empty folder is deleted. Default false. */
    recursive: z.boolean().default(false),
    notFoundPort: z.boolean().default(false),
  }),
  z.object({
    operation: z.literal("list"),
    /** Folder to list; `""` lists the root. */
    path: pathSchema.default(""),
    /** Variable set to the entries: `[{ name, type: "file" | "folder", size, modifiedAt }]`. */
    variable: variableNameSchema,
    notFoundPort: z.boolean().default(false),
  }),
  z.object({
    operation: z.literal("mkdir"),
    path: pathSchema.refine((path) => !isRoot(path), { message: "is the storage root itself; name a folder inside it" }),
  }),
] as const;

export const integrationFileConfigSchema = z.discriminatedUnion("operation", operationSchemas, {
  error: () => "an operation: read, write, append, delete, list or mkdir",
});

export type IntegrationFileConfig = z.output<typeof integrationFileConfigSchema>;

/** The config as `run` uses it. */
export type PreparedIntegrationFile =
  | { operation: "read"; path: CompiledTemplate; encoding: FileEncoding; maxBytes: number; variable: string; notFoundPort: boolean }
  | { operation: "write" | "append"; path: CompiledTemplate; content: CompiledTemplate; encoding: FileEncoding; maxBytes: number }
  | { operation: "delete"; path: CompiledTemplate; recursive: boolean; notFoundPort: boolean }
  | { operation: "list"; path: CompiledTemplate; variable: string; notFoundPort: boolean }
  | { operation: "mkdir"; path: CompiledTemplate };

/** Reads, writes, appends, deletes and lists files and folders in the tenant's own storage. */
export const integrationFileSpec = defineSpec({
  type: "integration.file",
  version: 1,
  category: "integration",
  kinds: ALL_KINDS,
  title: { en: "File", "zh-Hans": "文件", "zh-Hant": "檔案" },
  description: {
    en: "Reads, writes, appends, deletes or lists files and folders in the tenant's own storage (text in UTF-8, GBK or Big5, or bytes as base64). Paths are relative, such as exports/calls.csv; a path that leads out of the storage is rejected.",
    "zh-Hans": "在租户自己的存储中读取、写入、追加、删除或列出文件和文件夹（UTF-8、GBK 或 Big5 文本，或 base64 字节）。路径为相对路径，例如 exports/calls.csv；指向存储之外的路径会被拒绝。",
    "zh-Hant": "在租戶自己的儲存空間中讀取、寫入、附加、刪除或列出檔案和資料夾（UTF-8、GBK 或 Big5 文字，或 base64 位元組）。路徑為相對路徑，例如 exports/calls.csv；指向儲存空間之外的路徑會被拒絕。",
  },
  configSchema: integrationFileConfigSchema,
  ports: (config: IntegrationFileConfig) => ("notFoundPort" in config && config.notFoundPort ? ["ok", "notFound"] : ["ok"]),
  requiredPorts: ["ok"],
  portTitles: {
    ok: { en: "Done", "zh-Hans": "完成", "zh-Hant": "完成" },
    notFound: { en: "Not found", "zh-Hans": "未找到", "zh-Hant": "找不到" },
  },
  capabilities: ["storage"],
  prepare(config, tools): PreparedIntegrationFile {
    const path = tools.template(config.path, "/path");

    if (config.operation === "read" || config.operation === "list") tools.writes(config.variable);
    if (config.operation === "write" || config.operation === "append") {
      return { ...config, path, content: tools.template(config.content, "/content") };
    }
    // TypeScript does not narrow out a member whose discriminant is itself a union, so name the rest.
    return { ...(config as Exclude<IntegrationFileConfig, { content: string }>), path };
  },
});

/** Returns why a path without placeholders is not a relative path inside the storage root, or undefined. */
export function staticPathProblem(path: string): string | undefined {
  if (path.includes("\0")) return "contains a NUL character; remove it";
  if (path.includes("\\")) return 'contains a backslash; separate folders with "/", such as exports/calls.csv';
  if (/^[A-Za-z]:/.test(path)) return "starts with a drive letter; write a path relative to the tenant's storage, such as exports/calls.csv";
  if (path.startsWith("/")) return "is absolute; write a path relative to the tenant's storage, such as exports/calls.csv";
  if (path.split("/").includes("..")) return 'contains ".."; write a path that stays inside the tenant\'s storage';
  return undefined;
}

function isRoot(path: string): boolean {
  return path.split("/").every((segment) => segment === "" || segment === ".");
}
