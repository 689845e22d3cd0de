import { defineNode } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { FILE_SERVICE } from "./file-service.js";
import { integrationFileSpec } from "./spec.js";

/** Error code of a missing file or folder, which leaves by `notFound` when the node has that port. */
export const FILE_NOT_FOUND = "file-not-found";

export const integrationFileNode = defineNode(integrationFileSpec, async (ctx, config) => {
  const files = ctx.services?.get(FILE_SERVICE);

  if (files === undefined) throw new ServiceUnavailableError(ctx.node.type, "file storage");
  const path = await ctx.render(config.path);
  const context = { signal: ctx.signal, log: ctx.log };

  try {
    if (config.operation === "read") {
      const { content } = await files.read(path, { encoding: config.encoding, maxBytes: config.maxBytes }, context);

      ctx.variables.set(config.variable, content);
    } else if (config.operation === "write" || config.operation === "append") {
      const content = await ctx.render(config.content);
      const options = { encoding: config.encoding, maxBytes: config.maxBytes };

      await (config.operation === "write" ? files.write(path, content, options, context) : files.append(path, content, options, context));
    } else if (config.operation === "delete") {
      await files.delete(path, { recursive: config.recursive }, context);
    } else if (config.operation === "list") {
      ctx.variables.set(config.variable, await files.list(path, context));
    } else {
      await files.mkdir(path, context);
    }
  } catch (error) {
    if ("notFoundPort" in config && config.notFoundPort && (error as { code?: unknown }).code === FILE_NOT_FOUND) return "notFound";
    throw error;
  }
  return "ok";
});
