import { auditTenantChange, createPrompt, deletePrompt, getPrompt, getPromptAudio, listPrompts, putPromptAudio, updatePromptContent } from "@callflow/db";
import { z } from "zod";

import { tenantRoute, type ApiRoute } from "../route.js";
import { idSchema } from "../schemas/common-schemas.js";
import { createPromptSchema, promptListSchema, promptSchema, updatePromptSchema } from "../schemas/tenant-admin-schemas.js";
import { MAX_PROMPT_AUDIO_BYTES, PROMPT_AUDIO_TYPES, readAudioBody } from "./prompt-audio.js";

const promptParams = z.object({ promptId: idSchema });

/**
 * Builds the routes on a tenant's prompts: one row per name and spoken language, each a text to
 * synthesize or a recorded audio file, uploaded as the raw request body.
 */
export function promptRoutes(): ApiRoute[] {
  return [
    tenantRoute(
      "prompts.manage",
      {
        method: "GET",
        path: "/api/prompts",
        operationId: "listPrompts",
        summary: "Lists the tenant's prompts by name and spoken language",
        tag: "prompts",
        responses: { 200: { description: "The prompts.", schema: promptListSchema } },
      },
      async ({ auth }) => ({ body: { items: await listPrompts(auth.scope) } }),
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "POST",
        path: "/api/prompts",
        operationId: "createPrompt",
        summary: "Creates one spoken language of a prompt, with a text to synthesize or the location of a recording",
        tag: "prompts",
        body: createPromptSchema,
        responses: { 201: { description: "The new prompt.", schema: promptSchema } },
        errors: [409],
      },
      async ({ auth, body }) => {
        const prompt = await createPrompt(auth.scope, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "prompt.create", { promptId: prompt.id, name: prompt.name, language: prompt.language, kind: prompt.kind });
        return { status: 201, body: prompt };
      },
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "GET",
        path: "/api/prompts/:promptId",
        operationId: "getPrompt",
        summary: "Returns a prompt",
        tag: "prompts",
        entity: "prompt",
        params: promptParams,
        responses: { 200: { description: "The prompt.", schema: promptSchema } },
      },
      async ({ auth, params }) => ({ body: await getPrompt(auth.scope, params.promptId) }),
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "PATCH",
        path: "/api/prompts/:promptId",
        operationId: "updatePrompt",
        summary: "Replaces a prompt's text or recording location; an uploaded file is dropped",
        tag: "prompts",
        entity: "prompt",
        params: promptParams,
        body: updatePromptSchema,
        responses: { 200: { description: "The prompt after the change.", schema: promptSchema } },
      },
      async ({ auth, params, body }) => {
        const prompt = await updatePromptContent(auth.scope, params.promptId, body);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "prompt.update", { promptId: prompt.id, kind: prompt.kind });
        return { body: prompt };
      },
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "DELETE",
        path: "/api/prompts/:promptId",
        operationId: "deletePrompt",
        summary: "Deletes a prompt with its uploaded file",
        tag: "prompts",
        entity: "prompt",
        params: promptParams,
        responses: { 204: { description: "Deleted." } },
      },
      async ({ auth, params }) => {
        const prompt = await deletePrompt(auth.scope, params.promptId);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "prompt.delete", { promptId: prompt.id, name: prompt.name, language: prompt.language });
        return { status: 204 };
      },
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "PUT",
        path: "/api/prompts/:promptId/audio",
        operationId: "uploadPromptAudio",
        summary: `Uploads the prompt's audio file as the request body (${PROMPT_AUDIO_TYPES.join(", ")}; at most ${MAX_PROMPT_AUDIO_BYTES} bytes); the prompt becomes an audio prompt`,
        tag: "prompts",
        entity: "prompt",
        params: promptParams,
        responses: { 200: { description: "The prompt after the upload.", schema: promptSchema } },
        errors: [400, 413, 415],
      },
      // NOTE: the body streams in while the tenant's transaction is open, so a slow upload keeps
      // a pooled connection for as long as it takes.
      async ({ auth, params, request }) => {
        await getPrompt(auth.scope, params.promptId);

        const file = await readAudioBody(request, MAX_PROMPT_AUDIO_BYTES);
        const prompt = await putPromptAudio(auth.scope, params.promptId, file);

        await auditTenantChange(auth.scope, { kind: "user", id: auth.session.user.id }, "prompt.audio.upload", { promptId: prompt.id, contentType: file.contentType, bytes: file.content.length });
        return { body: prompt };
      },
    ),
    tenantRoute(
      "prompts.manage",
      {
        method: "GET",
        path: "/api/prompts/:promptId/audio",
        operationId: "downloadPromptAudio",
        summary: "Downloads the prompt's uploaded audio file with its media type",
        tag: "prompts",
        entity: "prompt audio",
        params: promptParams,
        responses: { 200: { description: "The audio file." } },
      },
      async ({ auth, params }) => {
        const file = await getPromptAudio(auth.scope, params.promptId);

        return { body: file.content, headers: { "content-type": file.contentType } };
      },
    ),
  ];
}
