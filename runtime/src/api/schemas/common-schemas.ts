import { z } from "zod";

/** The body of every error response. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string().describe("Stable error code, such as not-found or draft-stale"),
    message: z.string().describe("Message in the caller's interface locale"),
    details: z.unknown().optional().describe("Structured data of some codes: validation issues, the newer draft's author, a flow's problems"),
  }),
});

/** A timestamp as the API writes it. */
export const timestampSchema = z.iso.datetime().describe("ISO 8601 time in UTC");

/**
 * A UUID in a path. Anything else gets 404 rather than 400, because no resource has that id.
 */
export const idSchema = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID");

/** A user named as an author. */
export const authorSchema = z.object({ id: z.string(), login: z.string(), displayName: z.string() });
