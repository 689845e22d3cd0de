import { ConnectorNotFoundError, MemoryConnectorDirectory, requireConnector } from "../../src/connectors/connector-directory.js";

const directory = new MemoryConnectorDirectory([
  { name: "core-banking", kind: "database", settings: { driver: "postgres", host: "db.example.com" }, secret: "core-banking-login" },
  { name: "mail", kind: "smtp", settings: { host: "smtp.example.com", port: 587 } },
]);

describe("requireConnector", () => {
  it("returns a connector of the named kind", async () => {
    const connector = await requireConnector(directory, "core-banking", "database");

    expect(connector.settings).toEqual({ driver: "postgres", host: "db.example.com" });
    expect(connector.secret).toBe("core-banking-login");
  });

  it("rejects an unknown name", async () => {
    await expect(requireConnector(directory, "billing", "database")).rejects.toThrow(ConnectorNotFoundError);
    await expect(requireConnector(directory, "billing", "database")).rejects.toThrow('database connector "billing" is not found');
  });

  it("rejects a connector of another kind", async () => {
    await expect(requireConnector(directory, "mail", "database")).rejects.toThrow('connector "mail" has kind smtp, not database');
  });
});

describe("MemoryConnectorDirectory", () => {
  it("rejects a name defined twice", () => {
    const twice = () => new MemoryConnectorDirectory([
      { name: "mail", kind: "smtp", settings: {} },
      { name: "mail", kind: "smtp", settings: {} },
    ]);

    expect(twice).toThrow('connector "mail" is defined twice');
  });
});
