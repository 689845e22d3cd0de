/** The kinds of systems a tenant admin defines connectors for. */
export const CONNECTOR_KINDS = ["database", "socket", "http", "smtp", "smpp"] as const;

export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/**
 * A connection to one of a tenant's systems, defined once by a tenant admin and named by flows.
 * The settings contain no credentials: `secret` names an entry of the tenant's SecretStore, so a
 * password never enters a flow document, an export or a trace.
 */
export interface Connector {
  readonly name: string;
  readonly kind: ConnectorKind;
  /** Settings of the connector's kind, already validated by that kind's schema. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Name of the secret the connector authenticates with, if any. */
  readonly secret?: string;
}

/** A tenant's connectors by name. */
export interface ConnectorDirectory {
  /** Returns the connector, or undefined when the tenant has none by that name. */
  find(name: string): Promise<Connector | undefined>;
}

/** A {@link ConnectorDirectory} over a fixed list, for `callflow serve` configs and tests. */
export class MemoryConnectorDirectory implements ConnectorDirectory {
  private readonly connectors: ReadonlyMap<string, Connector>;

  constructor(connectors: readonly Connector[] = []) {
    const byName = new Map<string, Connector>();

    for (const connector of connectors) {
      if (byName.has(connector.name)) throw new Error(`connector "${connector.name}" is defined twice; give each connector its own name`);
      byName.set(connector.name, connector);
    }
    this.connectors = byName;
  }

  async find(name: string): Promise<Connector | undefined> {
    return this.connectors.get(name);
  }
}

/** A flow names a connector that the tenant does not have, or one of another kind. */
export class ConnectorNotFoundError extends Error {
  readonly code = "connector-not-found";
  readonly connector: string;

  constructor(name: string, kind: ConnectorKind, foundKind?: ConnectorKind) {
    super(
      foundKind === undefined
        ? `${kind} connector "${name}" is not found; a tenant admin must define it, or the node must name an existing connector`
        : `connector "${name}" has kind ${foundKind}, not ${kind}; name a ${kind} connector in the node`,
    );
    this.name = "ConnectorNotFoundError";
    this.connector = name;
  }
}

/**
 * Finds a connector by name and checks its kind.
 *
 * @throws ConnectorNotFoundError when the tenant has no connector of that name and kind
 */
export async function requireConnector(directory: ConnectorDirectory, name: string, kind: ConnectorKind): Promise<Connector> {
  const connector = await directory.find(name);

  if (connector === undefined) throw new ConnectorNotFoundError(name, kind);
  if (connector.kind !== kind) throw new ConnectorNotFoundError(name, kind, connector.kind);
  return connector;
}
