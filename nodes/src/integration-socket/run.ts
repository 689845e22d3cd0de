import { defineNode } from "@callflow/sdk";

import { ServiceUnavailableError } from "../integration-http/errors.js";
import { assignOutputs } from "../integration-http/outputs.js";
import { SOCKET_SERVICE } from "./socket-service.js";
import { integrationSocketSpec } from "./spec.js";

export const integrationSocketNode = defineNode(integrationSocketSpec, async (ctx, config) => {
  const socket = ctx.services?.get(SOCKET_SERVICE);

  if (socket === undefined) throw new ServiceUnavailableError(ctx.node.type, "TCP socket");
  const message = await ctx.render(config.message);
  const reply = await socket.exchange({ connector: config.connector, message, replyTimeoutMs: config.replyTimeoutMs }, { signal: ctx.signal, log: ctx.log });

  await assignOutputs(ctx, config.outputs, "reply", { text: reply.text, json: parseJson(reply.text), bytes: reply.bytes });
  return "next";
});

// A reply that is not JSON has no `reply.json`, which expressions read as undefined.
function parseJson(text: string): unknown {
  const start = text.trimStart()[0];

  if (start !== "{" && start !== "[") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
