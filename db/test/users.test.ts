import { createCustomRole, createUser, verifyLogin } from "../src/users.js";
import { permissionsOf } from "../src/permissions.js";
import { TEST_ACTOR } from "./support/fixtures.js";
import { createTestDatabase, type TestDatabase } from "./support/test-database.js";

const CHEAP = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

let test: TestDatabase;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  test = await createTestDatabase();
  [tenantA, tenantB] = await test.db.withPlatform(TEST_ACTOR, async (platform) => [
    (await platform.createTenant({ name: "users-a" })).id,
    (await platform.createTenant({ name: "users-b" })).id,
  ]);
});

afterAll(async () => {
  await test.drop();
});

describe("createUser", () => {
  it("allows the same login in two tenants", async () => {
    const input = { login: "wang.agent", displayName: "Wang", password: "s3cret", roles: ["agent" as const] };

    const inA = await test.db.withTenant(tenantA, (scope) => createUser(scope, input, CHEAP));
    const inB = await test.db.withTenant(tenantB, (scope) => createUser(scope, input, CHEAP));

    expect(inA.id).not.toBe(inB.id);
  });

  it("rejects a login that differs only in case within a tenant", async () => {
    await test.db.withTenant(tenantA, (scope) => createUser(scope, { login: "Chen", displayName: "Chen", password: "x", roles: [] }, CHEAP));

    const again = test.db.withTenant(tenantA, (scope) => createUser(scope, { login: "chen", displayName: "Chen 2", password: "x", roles: [] }, CHEAP));

    await expect(again).rejects.toMatchObject({ cause: { code: "23505", constraint: "users_tenant_login_key" } });
  });

  it("rejects an unknown built-in role", async () => {
    const create = test.db.withTenant(tenantA, (scope) =>
      createUser(scope, { login: "root", displayName: "Root", password: "x", roles: ["platform-admin" as never] }, CHEAP),
    );

    await expect(create).rejects.toMatchObject({ code: "invalid-input", field: "roles" });
  });

  it("stores a hash, not the password", async () => {
    await test.db.withTenant(tenantA, (scope) => createUser(scope, { login: "lee", displayName: "Lee", password: "plain-text-password", roles: [] }, CHEAP));

    const stored = await test.owner.query("select password_hash from users where login = 'lee'");

    expect(stored.rows[0].password_hash).toMatch(/^scrypt\$/);
    expect(stored.rows[0].password_hash).not.toContain("plain-text-password");
  });
});

describe("verifyLogin", () => {
  beforeAll(async () => {
    await test.db.withTenant(tenantB, (scope) =>
      createUser(scope, { login: "Supervisor.Ho", displayName: "Ho", password: "right", roles: ["supervisor"], locale: "zh-Hant" }, CHEAP),
    );
  });

  it("returns the user for the right password, any login case", async () => {
    const user = await test.db.withTenant(tenantB, (scope) => verifyLogin(scope, "supervisor.ho", "right"));

    expect(user).toMatchObject({ login: "Supervisor.Ho", roles: ["supervisor"], locale: "zh-Hant", disabled: false });
    expect(user).not.toHaveProperty("passwordHash");
  });

  it("returns null for a wrong password", async () => {
    expect(await test.db.withTenant(tenantB, (scope) => verifyLogin(scope, "supervisor.ho", "wrong"))).toBeNull();
  });

  it("returns null for a login of another tenant", async () => {
    expect(await test.db.withTenant(tenantA, (scope) => verifyLogin(scope, "supervisor.ho", "right"))).toBeNull();
  });
});

describe("createCustomRole", () => {
  it("stores tenant permissions once each", async () => {
    await test.db.withTenant(tenantA, (scope) => createCustomRole(scope, { name: "night shift lead", permissions: ["queues.monitor", "calls.read", "calls.read"] }));

    const stored = await test.owner.query("select permissions from custom_roles where name = 'night shift lead'");

    expect(stored.rows[0].permissions).toEqual(["queues.monitor", "calls.read"]);
  });

  it("rejects platform permissions and unknown names", async () => {
    const create = test.db.withTenant(tenantA, (scope) => createCustomRole(scope, { name: "sneaky", permissions: ["flows.read", "tenants.manage", "flows.delete"] }));

    await expect(create).rejects.toThrow("invalid permissions: not tenant permissions of the catalogue: tenants.manage, flows.delete");
  });
});

describe("permissionsOf", () => {
  it("joins built-in and custom role permissions", () => {
    const granted = permissionsOf(["agent"], [["sensitive.view", "tenants.manage"]]);

    expect([...granted].sort()).toEqual(["calls.handle", "sensitive.view"]);
  });
});
