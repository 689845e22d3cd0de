/** One events WebSocket, as the application registry sees it. */
export interface EventConnection {
  readonly id: number;
  send(text: string): void;
}

interface AppRecord {
  name: string;
  connection?: EventConnection;
  subscribeAll: boolean;
}

/**
 * Stasis applications and the WebSocket that currently receives each one's events. An
 * application exists while a connection serves it. A second connection for the same name takes
 * over, so the first one gets `ApplicationReplaced` and nothing after it; Asterisk does not close
 * the first one.
 */
export class ApplicationRegistry {
  private readonly apps = new Map<string, AppRecord>();

  /**
   * Registers `connection` for `names` and returns the connections it replaced, with the
   * application each one lost, so the caller can send them `ApplicationReplaced`.
   */
  attach(names: string[], connection: EventConnection, subscribeAll: boolean): Array<{ app: string; replaced: EventConnection }> {
    const replaced: Array<{ app: string; replaced: EventConnection }> = [];

    for (const name of names) {
      const record = this.apps.get(name);

      if (record?.connection && record.connection.id !== connection.id) replaced.push({ app: name, replaced: record.connection });
      this.apps.set(name, { name, connection, subscribeAll });
    }
    return replaced;
  }

  /** Forgets `connection` for every application it still serves; channels stay in Stasis. */
  detach(connection: EventConnection): string[] {
    const names: string[] = [];

    for (const record of this.apps.values()) {
      if (record.connection?.id !== connection.id) continue;
      record.connection = undefined;
      names.push(record.name);
    }
    return names;
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.connection !== undefined;
  }

  connectionOf(name: string): EventConnection | undefined {
    return this.apps.get(name)?.connection;
  }

  /** Applications with a connection that asked for every event (`subscribeAll`). */
  subscribedToAll(): string[] {
    return [...this.apps.values()].filter((record) => record.connection && record.subscribeAll).map((record) => record.name);
  }

  /** Names of every application that has a connection. */
  activeNames(): string[] {
    return [...this.apps.values()].filter((record) => record.connection).map((record) => record.name);
  }
}
