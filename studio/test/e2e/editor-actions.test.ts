import type { Locator, Page } from "playwright-core";

import { launchGuardedBrowser, type GuardedBrowser } from "./support/browser";
import { startServers, type Servers } from "./support/servers";
import { signInInEnglish } from "./support/sign-in";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

const WAIT = { timeout: 20_000 };

let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;

beforeAll(async () => {
  servers = await startServers();
  guarded = await launchGuardedBrowser();
  page = guarded.page;
}, 20 * 60_000);

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

function nodes(): Locator {
  return page.locator(".react-flow__node");
}

async function addFromPalette(title: string, type: string): Promise<void> {
  await page.getByLabel("Search node types").fill(title);
  await page.locator(`[data-node-type="${type}"]`).focus();
  await page.keyboard.press("Enter");
}

async function expectNodeCount(count: number): Promise<void> {
  await page.waitForFunction((expected) => document.querySelectorAll(".react-flow__node").length === expected, count, WAIT);
  expect(await nodes().count()).toBe(count);
}

describe("editor actions in the browser", () => {
  it("creates a survey from scratch", async () => {
    await signInInEnglish(page, servers);
    await page.getByRole("tab", { name: "Survey" }).click();
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Name").fill("scratch-survey");
    await page.getByLabel("An empty flow").check();
    await page.getByRole("button", { name: "Create" }).click();

    await page.waitForURL(/\/en\/flows\/[0-9a-f-]{36}$/, WAIT);
    await expectNodeCount(1);
  });

  it("offers only node types of the flow's kind", async () => {
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("callflow.session") ?? "{}").token as string);
    const catalogue = async (query: string) => {
      const response = await fetch(`${servers.apiUrl}/api/nodes${query}`, { headers: { authorization: `Bearer ${token}` } });
      return ((await response.json()).items as Array<{ type: string }>).map((item) => item.type);
    };
    const surveyTypes = await catalogue("?kind=survey");
    const otherTypes = (await catalogue("")).filter((type) => !surveyTypes.includes(type));

    const offered = await page.locator("[data-node-type]").evaluateAll((items) => items.map((item) => item.getAttribute("data-node-type")));

    expect(otherTypes.length).toBeGreaterThan(0);
    expect([...offered].sort()).toEqual([...surveyTypes].sort());
  });

  it("undoes and redoes an added node", async () => {
    await addFromPalette("Play prompt", "media.play");
    await expectNodeCount(2);

    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+z");
    await expectNodeCount(1);

    await page.keyboard.press("Control+Shift+z");
    await expectNodeCount(2);
  });

  it("copies and pastes a selected node", async () => {
    await page.locator('.react-flow__node[data-id="play-1"]').click();
    await page.keyboard.press("Control+c");
    await page.keyboard.press("Control+v");

    await page.locator('.react-flow__node[data-id="play-2"]').waitFor(WAIT);
    expect(await page.getByTestId("status").textContent()).toBe("Pasted 1 node.");
  });

  it("deletes the selected node", async () => {
    await page.locator('.react-flow__node[data-id="play-2"]').click();
    await page.getByRole("button", { name: "Delete", exact: true }).click();

    await expectNodeCount(2);
    expect(await page.locator('.react-flow__node[data-id="play-2"]').count()).toBe(0);
  });

  it("lays the flow out from top to bottom", async () => {
    await page.getByRole("button", { name: "Auto-layout" }).click();

    await page.waitForFunction(() => {
      const start = document.querySelector<HTMLElement>('.react-flow__node[data-id="start"]');
      const play = document.querySelector<HTMLElement>('.react-flow__node[data-id="play-1"]');
      return start && play && start.style.transform !== play.style.transform;
    }, undefined, WAIT);
    const positions = await nodes().evaluateAll((items) => items.map((item) => (item as HTMLElement).style.transform));
    expect(new Set(positions).size).toBe(positions.length);
  });

  it("shows a stale save with its author", async () => {
    const flowId = page.url().split("/").at(-1)!;
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("callflow.session") ?? "{}").token as string);
    const current = await (await fetch(`${servers.apiUrl}/api/flows/${flowId}`, { headers: { authorization: `Bearer ${token}` } })).json();
    // Another session saves first, so the editor's base version is stale.
    const saved = await fetch(`${servers.apiUrl}/api/flows/${flowId}/draft`, {
      method: "PUT",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ baseVersion: current.draftVersion, document: current.document }),
    });
    expect(saved.status).toBe(200);

    await page.getByRole("button", { name: "Save", exact: true }).click();

    const stale = page.getByTestId("stale-draft");
    await stale.waitFor(WAIT);
    expect(await stale.textContent()).toContain("Demo admin saved a newer draft (version 2)");
  });

  it("sent no request beyond 127.0.0.1", () => {
    expect(guarded.outsideRequests).toEqual([]);
  });
});
