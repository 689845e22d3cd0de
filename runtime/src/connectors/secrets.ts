/** Credentials stored under a name, for a connector to authenticate with. */
export type Secret =
  | { readonly type: "basic"; readonly username: string; readonly password: string }
  | { readonly type: "bearer"; readonly token: string };

/**
 * A tenant's named secrets. Flows name a secret and the runtime reads it when it connects, so a
 * credential never enters a flow document, its variables or its trace.
 */
export interface SecretStore {
  /** Returns the secret, or undefined when the tenant has none by that name. */
  read(name: string): Promise<Secret | undefined>;
}

/** A {@link SecretStore} over a fixed table, for `callflow serve` configs and tests. */
export class MemorySecretStore implements SecretStore {
  private readonly secrets: ReadonlyMap<string, Secret>;

  constructor(secrets: Readonly<Record<string, Secret>> = {}) {
    this.secrets = new Map(Object.entries(secrets));
  }

  async read(name: string): Promise<Secret | undefined> {
    return this.secrets.get(name);
  }
}

/** A flow names a secret that the tenant does not have. */
export class SecretNotFoundError extends Error {
  readonly code = "secret-not-found";
  readonly secret: string;

  constructor(name: string) {
    super(`secret "${name}" is not found; a tenant admin must add it, or the node must name an existing secret`);
    this.name = "SecretNotFoundError";
    this.secret = name;
  }
}

/** Reads a secret and returns the value of an `authorization` header for it. */
export async function authorizationFor(secrets: SecretStore, name: string): Promise<string> {
  const secret = await secrets.read(name);

  if (secret === undefined) throw new SecretNotFoundError(name);
  if (secret.type === "bearer") return `Bearer ${secret.token}`;
  return `Basic ${Buffer.from(`${secret.username}:${secret.password}`, "utf8").toString("base64")}`;
}
