import type { Page } from "playwright-core";

import type { Servers } from "./servers";

const WAIT = { timeout: 20_000 };

/**
 * Signs in as the demo tenant's admin and switches the interface to English. The demo tenant's
 * locale is Traditional Chinese, so the first screen after sign-in is in Chinese.
 */
export async function signInInEnglish(page: Page, servers: Servers): Promise<void> {
  await page.goto(`${servers.studioUrl}/en`);
  await page.getByLabel("Tenant").fill(servers.tenant);
  await page.getByLabel("Login").fill(servers.login);
  await page.getByLabel("Password").fill(servers.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/flows$/, WAIT);
  await page.getByLabel("介面語言").selectOption("en");
  await page.waitForURL(/\/en\/flows$/, WAIT);
}
