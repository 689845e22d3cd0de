import type { Page } from "playwright-core";

import { launchGuardedBrowser, type GuardedBrowser } from "./support/browser";
import { canvasNode } from "./support/canvas";
import { startServers, type Servers } from "./support/servers";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

const WAIT = { timeout: 20_000 };
const OPERATOR = "ops-chen";

let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;
let operatorPassword: string;
let flowId: string;

beforeAll(async () => {
  servers = await startServers();
  operatorPassword = await servers.addOperator(OPERATOR);
  guarded = await launchGuardedBrowser();
  page = guarded.page;
}, 20 * 60_000);

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

function storedSession(): Promise<{ token: string; chosenTenant?: { id: string } }> {
  return page.evaluate(() => JSON.parse(sessionStorage.getItem("callflow.session") ?? "{}"));
}

describe("platform user in the studio", () => {
  it("signs in without a tenant and sees the chooser", async () => {
    await page.goto(`${servers.studioUrl}/en`);
    await page.getByLabel("Login").fill(OPERATOR);
    await page.getByLabel("Password").fill(operatorPassword);
    await page.getByRole("button", { name: "Sign in" }).click();

    await page.waitForURL(/\/en\/tenants$/, WAIT);
    await page.getByRole("heading", { name: "Choose a tenant" }).waitFor(WAIT);
  });

  it("sends the flow list back to the chooser", async () => {
    await page.goto(`${servers.studioUrl}/en/flows`);

    await page.waitForURL(/\/en\/tenants$/, WAIT);
  });

  it("lists the chosen tenant's flows", async () => {
    await page.getByRole("button", { name: new RegExp(servers.tenant) }).click();

    await page.waitForURL(/\/en\/flows$/, WAIT);
    await page.locator("tr", { hasText: "bank-hotline" }).waitFor(WAIT);
    expect(await page.getByTestId("current-tenant").textContent()).toContain(servers.tenant);
  });

  it("edits and saves a flow of that tenant", async () => {
    await page.locator("tr", { hasText: "bank-hotline" }).getByRole("link").first().click();
    await page.waitForURL(/\/en\/flows\/[0-9a-f-]{36}$/, WAIT);
    flowId = page.url().split("/").at(-1)!;
    await canvasNode(page, "goodbye").click();
    await page.getByTestId("property-panel").getByLabel("Label").fill("Checked by the operator");
    await page.getByRole("button", { name: "Save", exact: true }).click();

    await page.getByTestId("status").getByText(/^Saved as draft version \d+\.$/).waitFor(WAIT);
    const session = await storedSession();
    const response = await fetch(`${servers.apiUrl}/api/flows/${flowId}`, {
      headers: { authorization: `Bearer ${session.token}`, "x-callflow-tenant": session.chosenTenant!.id },
    });
    const flow = await response.json();
    expect(flow.updatedBy.login).toBe(`platform:${OPERATOR}`);
    expect(flow.document.nodes.find((node: { id: string }) => node.id === "goodbye").label).toBe("Checked by the operator");
  });

  it("runs a test call in that tenant", async () => {
    await page.getByRole("tab", { name: "Test call" }).click();
    const simulator = page.getByTestId("simulator");
    await simulator.getByRole("button", { name: "Start call" }).click();

    await simulator.getByTestId("prompts").locator("li", { hasText: "language-menu" }).first().waitFor(WAIT);
    await simulator.getByRole("button", { name: "Hang up" }).click();
    await simulator.getByRole("status").getByText(/^Call ended/).waitFor(WAIT);
  });

  it("goes back to the chooser to change tenant", async () => {
    await page.getByRole("link", { name: "Change tenant" }).click();

    await page.waitForURL(/\/en\/tenants$/, WAIT);
    expect(await page.getByRole("button", { name: new RegExp(servers.tenant) }).getAttribute("aria-current")).toBe("true");
  });

  it("sent no request beyond 127.0.0.1", () => {
    expect(guarded.outsideRequests).toEqual([]);
  });
});
