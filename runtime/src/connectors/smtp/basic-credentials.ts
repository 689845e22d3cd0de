import { SecretNotFoundError, type SecretStore } from "../secrets.js";

/** A secret of the wrong type for the connector that names it. */
export class SecretTypeError extends Error {
  readonly code = "wrong-secret-type";
  readonly secret: string;

  constructor(name: string, kind: string) {
    super(`secret "${name}" is a bearer token, but a ${kind} connector needs a basic secret with a username and password; name a basic secret in the connector`);
    this.name = "SecretTypeError";
    this.secret = name;
  }
}

/**
 * Reads a basic secret for a connector of `kind`.
 *
 * @throws SecretNotFoundError when the tenant has no such secret, SecretTypeError for a bearer token
 */
export async function readBasicCredentials(secrets: SecretStore, name: string, kind: string): Promise<{ username: string; password: string }> {
  const secret = await secrets.read(name);

  if (secret === undefined) throw new SecretNotFoundError(name);
  if (secret.type !== "basic") throw new SecretTypeError(name, kind);
  return { username: secret.username, password: secret.password };
}
