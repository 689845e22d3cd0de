import { createHash, randomBytes } from "node:crypto";

/**
 * A bearer token as the API reads it. Tenant tokens carry their tenant's id, so that the
 * session lookup runs in that tenant's transaction under row-level security, and a token can
 * never resolve to a session of another tenant. The hash covers the whole token.
 */
export type ParsedToken = { kind: "tenant"; tenantId: string; hash: Buffer } | { kind: "platform"; hash: Buffer };

// 32 random bytes, 256 bits, in base64url: 43 characters without padding.
const SECRET = "[A-Za-z0-9_-]{43}";
const TENANT_TOKEN = new RegExp(`^cft\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.${SECRET}$`);
const PLATFORM_TOKEN = new RegExp(`^cfp\\.${SECRET}$`);

/** Returns the SHA-256 hash of a token, the form in which sessions are stored. */
export function hashToken(token: string): Buffer {
  return createHash("sha256").update(token, "utf8").digest();
}

/** Creates a new token for a session of a tenant's user: `cft.<tenant id>.<secret>`. */
export function newTenantToken(tenantId: string): { token: string; hash: Buffer } {
  const token = `cft.${tenantId.toLowerCase()}.${randomBytes(32).toString("base64url")}`;

  return { token, hash: hashToken(token) };
}

/** Creates a new token for a session of a platform user: `cfp.<secret>`. */
export function newPlatformToken(): { token: string; hash: Buffer } {
  const token = `cfp.${randomBytes(32).toString("base64url")}`;

  return { token, hash: hashToken(token) };
}

/** Parses the token of an `Authorization: Bearer <token>` header; undefined when malformed. */
export function parseBearerToken(header: string | undefined): ParsedToken | undefined {
  const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "")?.[1];

  if (token === undefined) {
    return undefined;
  }

  const tenant = TENANT_TOKEN.exec(token);
  if (tenant) {
    return { kind: "tenant", tenantId: tenant[1], hash: hashToken(token) };
  }
  return PLATFORM_TOKEN.test(token) ? { kind: "platform", hash: hashToken(token) } : undefined;
}
