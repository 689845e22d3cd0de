import type { NodeServices, ServiceKey } from "@callflow/sdk";

/**
 * The services offered to one tenant's nodes, by key. A service not added is not offered, and a
 * node that needs it fails with a message saying so.
 *
 * @example
 * const services = new ServiceTable().add(HTTP_SERVICE, new GuardedHttpService(client, secrets));
 */
export class ServiceTable implements NodeServices {
  private readonly services = new Map<string, unknown>();

  /** Adds a service under its key; adding a key twice is a wiring mistake and throws. */
  add<Service>(key: ServiceKey<Service>, service: Service): this {
    if (this.services.has(key.name)) throw new Error(`service "${key.name}" is already added`);
    this.services.set(key.name, service);
    return this;
  }

  get<Service>(key: ServiceKey<Service>): Service | undefined {
    return this.services.get(key.name) as Service | undefined;
  }
}
