import { createConnector, CONNECTORS_CHANGED_CHANNEL, deleteConnector, findConnectorByName, getConnector, listConnectors, updateConnector } from "../src/connectors.js";
import { deleteSecret, listSecrets, putSecret, readSecretValue } from "../src/connector-secrets.js";
import { DecryptionError, NotFoundError } from "../src/errors.js";
import { listenOnChannel } from "../src/notice-listener.js";
import { createTenantWithUser, type TenantFixture } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const PASSWORD = "billing-Pa55word!";

let test: TestDatabase;
let plain: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  test = await createTestDatabase();
  plain = await createTenantWithUser(test.db, "connectors-plain", { sensitiveDataEncryption: false });
  other = await createTenantWithUser(test.db, "connectors-other");
});

afterAll(async () => {
  await test.drop();
});

function actorOf(tenant: TenantFixture) {
  return { userId: tenant.userId };
}

describe("secrets", () => {
  beforeAll(async () => {
    await test.db.withTenant(plain.tenantId, (scope) => putSecret(scope, actorOf(plain), "billing", { type: "basic", username: "ivr", password: PASSWORD }));
  });

  it("are encrypted at rest with the sensitive-data switch off", async () => {
    const { rows } = await test.owner.query("select ciphertext, iv, auth_tag from secrets where tenant_id = $1 and name = 'billing'", [plain.tenantId]);

    expect(rows).toHaveLength(1);
    expect(rows[0].ciphertext.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(rows[0].iv).toHaveLength(12);
    expect(rows[0].auth_tag).toHaveLength(16);
  });

  it("decrypt to the stored value", async () => {
    const value = await test.db.withTenant(plain.tenantId, (scope) => readSecretValue(scope, "billing"));

    expect(value).toEqual({ type: "basic", username: "ivr", password: PASSWORD });
  });

  it("list names and types without values", async () => {
    const listed = await test.db.withTenant(plain.tenantId, (scope) => listSecrets(scope));

    expect(listed.map((secret) => [secret.name, secret.type])).toEqual([["billing", "basic"]]);
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);
  });

  it("are replaced by a put under the same name", async () => {
    await test.db.withTenant(plain.tenantId, (scope) => putSecret(scope, actorOf(plain), "crm", { type: "bearer", token: "first" }));
    await test.db.withTenant(plain.tenantId, (scope) => putSecret(scope, actorOf(plain), "crm", { type: "bearer", token: "second" }));

    const value = await test.db.withTenant(plain.tenantId, (scope) => readSecretValue(scope, "crm"));

    expect(value).toEqual({ type: "bearer", token: "second" });
  });

  it("are invisible to another tenant", async () => {
    const value = await test.db.withTenant(other.tenantId, (scope) => readSecretValue(scope, "billing"));
    const listed = await test.db.withTenant(other.tenantId, (scope) => listSecrets(scope));

    expect(value).toBeUndefined();
    expect(listed).toEqual([]);
  });

  it("fail to decrypt when copied to another tenant", async () => {
    await test.owner.query(
      "insert into secrets (tenant_id, name, type, ciphertext, iv, auth_tag) select $1, name, type, ciphertext, iv, auth_tag from secrets where tenant_id = $2 and name = 'billing'",
      [other.tenantId, plain.tenantId],
    );

    const read = test.db.withTenant(other.tenantId, (scope) => readSecretValue(scope, "billing"));

    await expect(read).rejects.toBeInstanceOf(DecryptionError);
  });

  it("leave audit entries without the value", async () => {
    const { rows } = await test.owner.query("select action, details from audit_log where tenant_id = $1 and action like 'secret.%'", [plain.tenantId]);

    expect(rows.map((row) => row.action)).toContain("secret.put");
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
  });

  it("are deleted by id only within the tenant", async () => {
    const [secret] = await test.db.withTenant(plain.tenantId, (scope) => listSecrets(scope));

    await expect(test.db.withTenant(other.tenantId, (scope) => deleteSecret(scope, actorOf(other), secret.id))).rejects.toBeInstanceOf(NotFoundError);
    await test.db.withTenant(plain.tenantId, (scope) => deleteSecret(scope, actorOf(plain), secret.id));
    expect(await test.db.withTenant(plain.tenantId, (scope) => readSecretValue(scope, secret.name))).toBeUndefined();
  });
});

describe("connectors", () => {
  const settings = { baseUrl: "https://crm.example.com/api/", headers: { accept: "application/json" } };

  it("are created, read, updated and deleted", async () => {
    const created = await test.db.withTenant(plain.tenantId, (scope) => createConnector(scope, actorOf(plain), { name: "crm", kind: "http", settings, secret: "crm" }));
    const read = await test.db.withTenant(plain.tenantId, (scope) => getConnector(scope, created.id));
    const updated = await test.db.withTenant(plain.tenantId, (scope) => updateConnector(scope, actorOf(plain), created.id, { settings: { baseUrl: "https://crm2.example.com/" }, secret: null }));
    await test.db.withTenant(plain.tenantId, (scope) => deleteConnector(scope, actorOf(plain), created.id));
    const listed = await test.db.withTenant(plain.tenantId, (scope) => listConnectors(scope));

    expect(read).toMatchObject({ name: "crm", kind: "http", settings, secret: "crm" });
    expect(updated).toMatchObject({ name: "crm", settings: { baseUrl: "https://crm2.example.com/" }, secret: null });
    expect(listed).toEqual([]);
  });

  it("resolve by name only within the tenant", async () => {
    await test.db.withTenant(plain.tenantId, (scope) => createConnector(scope, actorOf(plain), { name: "billing-db", kind: "http", settings }));

    const own = await test.db.withTenant(plain.tenantId, (scope) => findConnectorByName(scope, "billing-db"));
    const foreign = await test.db.withTenant(other.tenantId, (scope) => findConnectorByName(scope, "billing-db"));

    expect(own?.name).toBe("billing-db");
    expect(foreign).toBeUndefined();
  });

  it("reject a forged id of another tenant", async () => {
    const own = await test.db.withTenant(plain.tenantId, (scope) => findConnectorByName(scope, "billing-db"));

    const read = test.db.withTenant(other.tenantId, (scope) => getConnector(scope, own!.id));

    await expect(read).rejects.toBeInstanceOf(NotFoundError);
  });

  it("announce a change after commit with the tenant id", async () => {
    const payloads: (string | undefined)[] = [];
    const heard = new Promise<void>((resolve) => {
      const listener = listenOnChannel({
        url: test.url,
        channel: CONNECTORS_CHANGED_CHANNEL,
        onPayload: (payload) => {
          payloads.push(payload);
          void listener.close().then(resolve);
        },
        onError: () => undefined,
      });
      void listener.ready.then(() => test.db.withTenant(other.tenantId, (scope) => createConnector(scope, actorOf(other), { name: "announced", kind: "socket", settings: {} })));
    });

    await heard;

    expect(payloads).toEqual([other.tenantId]);
  });
});
