import { createPlatformUser, createUser, type CallflowDatabase, type PlatformRoleName, type TenantRoleName } from "@callflow/db";
import type { InterfaceLocale } from "@callflow/sdk";

import type { ApiHarness } from "./api-harness.js";

/** The platform actor that arranges test data. */
export const TEST_ACTOR = { kind: "system", name: "api-tests" } as const;

/** Cheap scrypt parameters, so that creating and signing in users does not slow the tests. */
export const CHEAP_SCRYPT = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

/** The password of every test user. */
export const PASSWORD = "correct horse battery staple";

/** Creates a tenant and returns its id. */
export async function createTenant(db: CallflowDatabase, name: string, defaultLocale: InterfaceLocale = "en"): Promise<string> {
  const tenant = await db.withPlatform(TEST_ACTOR, (platform) => platform.createTenant({ name, defaultLocale }));

  return tenant.id;
}

/** Creates a user of a tenant with PASSWORD and returns its id. */
export async function createTenantUser(
  db: CallflowDatabase,
  tenantId: string,
  login: string,
  roles: TenantRoleName[],
  options: { displayName?: string; locale?: InterfaceLocale } = {},
): Promise<string> {
  const user = await db.withTenant(tenantId, (scope) =>
    createUser(scope, { login, displayName: options.displayName ?? login, password: PASSWORD, roles, locale: options.locale }, CHEAP_SCRYPT),
  );

  return user.id;
}

/** Creates a platform user with PASSWORD and returns its id. */
export async function createOperator(db: CallflowDatabase, login: string, roles: PlatformRoleName[]): Promise<string> {
  const user = await db.withPlatform(TEST_ACTOR, (platform) => createPlatformUser(platform, { login, displayName: login, password: PASSWORD, roles }, CHEAP_SCRYPT));

  return user.id;
}

/** Signs in through the API and returns the token; fails the test when sign-in fails. */
export async function signIn(api: ApiHarness, tenant: string | undefined, login: string): Promise<string> {
  const response = await api.request("POST", "/api/sessions", { body: { tenant, login, password: PASSWORD } });

  if (response.status !== 201) {
    throw new Error(`sign-in of ${login} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body.token as string;
}
