import { openDatabase } from "../src/database.js";
import { readSensitiveValues, writeSensitiveValues } from "../src/sensitive-values.js";
import { callRecords } from "../src/schema/calls.js";
import { DecryptionError } from "../src/errors.js";
import { createTenantWithUser, TEST_ACTOR, type TenantFixture } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const ACCOUNT_NUMBER = "004-12-345678-9";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test.drop();
});

function newCall(tenant: TenantFixture): Promise<string> {
  return test.db.withTenant(tenant.tenantId, async ({ tx, tenantId }) => {
    const [call] = await tx.insert(callRecords).values({ tenantId, channel: "pstn", caller: "0912000111", called: "0225550001" }).returning({ id: callRecords.id });
    return call.id;
  });
}

async function storedRow(callId: string) {
  const result = await test.owner.query("select plain_value, ciphertext, iv, auth_tag from call_sensitive_values where call_id = $1", [callId]);

  return result.rows[0];
}

describe("sensitive values with encryption on", () => {
  let tenant: TenantFixture;
  let callId: string;

  beforeAll(async () => {
    tenant = await createTenantWithUser(test.db, "encrypting", { sensitiveDataEncryption: true });
    callId = await newCall(tenant);
    await test.db.withTenant(tenant.tenantId, (scope) => writeSensitiveValues(scope, callId, { accountNo: ACCOUNT_NUMBER }));
  });

  it("reads back the clear value", async () => {
    const values = await test.db.withTenant(tenant.tenantId, (scope) => readSensitiveValues(scope, callId));

    expect(values).toEqual({ accountNo: ACCOUNT_NUMBER });
  });

  it("stores no clear value at rest", async () => {
    const row = await storedRow(callId);

    expect(row.plain_value).toBeNull();
    expect(row.ciphertext.includes(Buffer.from(ACCOUNT_NUMBER))).toBe(false);
    expect(row.ciphertext.toString("utf8")).not.toContain(ACCOUNT_NUMBER);
  });

  it("stores the IV and the authentication tag", async () => {
    const row = await storedRow(callId);

    expect(row.iv).toHaveLength(12);
    expect(row.auth_tag).toHaveLength(16);
  });

  it("fails to decrypt a ciphertext copied to another call", async () => {
    const otherCallId = await newCall(tenant);
    await test.owner.query(
      "insert into call_sensitive_values (tenant_id, call_id, name, ciphertext, iv, auth_tag) select tenant_id, $2, name, ciphertext, iv, auth_tag from call_sensitive_values where call_id = $1",
      [callId, otherCallId],
    );

    const read = test.db.withTenant(tenant.tenantId, (scope) => readSensitiveValues(scope, otherCallId));

    await expect(read).rejects.toBeInstanceOf(DecryptionError);
  });

  it("fails to decrypt with another master key", async () => {
    const db = openDatabase({ url: test.url, masterKey: Buffer.alloc(32, 1), maxConnections: 1 });

    try {
      await expect(db.withTenant(tenant.tenantId, (scope) => readSensitiveValues(scope, callId))).rejects.toMatchObject({ code: "decryption-failed" });
    } finally {
      await db.close();
    }
  });
});

describe("sensitive values with encryption off", () => {
  it("stores the clear value", async () => {
    const tenant = await createTenantWithUser(test.db, "plain");
    const callId = await newCall(tenant);

    await test.db.withTenant(tenant.tenantId, (scope) => writeSensitiveValues(scope, callId, { accountNo: ACCOUNT_NUMBER }));

    expect(await storedRow(callId)).toEqual({ plain_value: ACCOUNT_NUMBER, ciphertext: null, iv: null, auth_tag: null });
  });

  it("encrypts values written after the platform turns encryption on", async () => {
    const tenant = await createTenantWithUser(test.db, "switched");
    const callId = await newCall(tenant);
    await test.db.withPlatform(TEST_ACTOR, (platform) => platform.setSensitiveDataEncryption(tenant.tenantId, true));

    await test.db.withTenant(tenant.tenantId, (scope) => writeSensitiveValues(scope, callId, { idNumber: "A123456789" }));
    const row = await storedRow(callId);
    const values = await test.db.withTenant(tenant.tenantId, (scope) => readSensitiveValues(scope, callId));

    expect(row.plain_value).toBeNull();
    expect(row.ciphertext.toString("utf8")).not.toContain("A123456789");
    expect(values).toEqual({ idNumber: "A123456789" });
  });
});
