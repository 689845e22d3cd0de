import { dataQueryNode } from "@callflow/nodes";
import { runNode, type RunNodeResult } from "@callflow/sdk";

import { MemoryConnectorDirectory, type Connector } from "../../../../src/connectors/connector-directory.js";
import { createConnectorServices, type ConnectorServices } from "../../../../src/connectors/connector-services.js";
import { MemorySecretStore, type Secret } from "../../../../src/connectors/secrets.js";
import { withServices } from "../../support/with-services.js";

/** A tenant's connector services with database connectors, and a way to run data.query nodes on them. */
export interface QueryRunner {
  readonly connectors: ConnectorServices;
  /** Runs one data.query node with `config` and the flow variables `variables`. */
  run(config: Record<string, unknown>, variables?: Record<string, unknown>): Promise<RunNodeResult>;
}

/** Builds the connector services of a tenant with `connectors` and `secrets`, allowing only `allow`. */
export function queryRunner(connectors: Connector[], secrets: Record<string, Secret>, allow: string[]): QueryRunner {
  const services = createConnectorServices({ allow, connectors: new MemoryConnectorDirectory(connectors), secrets: new MemorySecretStore(secrets) });
  const node = withServices(dataQueryNode, services.services);

  return {
    connectors: services,
    run: (config, variables = {}) => runNode(node, config, { variables }),
  };
}

/** Returns the message of the error a node failed with, or a note that it did not fail. */
export function errorMessage(result: RunNodeResult): string {
  return result.error instanceof Error ? result.error.message : `no error; the node left by ${result.port}`;
}

/** Returns the code of the error a node failed with. */
export function errorCode(result: RunNodeResult): unknown {
  return (result.error as { code?: unknown } | undefined)?.code;
}
