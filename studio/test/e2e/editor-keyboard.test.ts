import type { Locator, Page } from "playwright-core";

import { launchGuardedBrowser, type GuardedBrowser } from "./support/browser";
import { canvasNode } from "./support/canvas";
import { startServers, type Servers } from "./support/servers";
import { signInInEnglish } from "./support/sign-in";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

const WAIT = { timeout: 20_000 };

let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;
let flowId: string;

beforeAll(async () => {
  servers = await startServers();
  guarded = await launchGuardedBrowser();
  page = guarded.page;
}, 20 * 60_000);

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(selector: string, limit = 250): Promise<number> {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return presses;
    await page.keyboard.press("Tab");
  }
  throw new Error(`${limit} presses of Tab did not reach ${selector}; focus is on ${await describeFocus()}`);
}

function describeFocus(): Promise<string> {
  return page.evaluate(() => document.activeElement?.outerHTML.slice(0, 160) ?? "nothing");
}

/**
 * Returns whether the focused element shows its focus: an outline or a box shadow on it, or,
 * inside a code editor, on the editor's wrapper.
 */
function focusIsVisible(): Promise<boolean> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    const indicator = active?.closest<HTMLElement>("[data-code-language]") ?? active;
    if (!indicator) return false;

    const style = getComputedStyle(indicator);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return outline || style.boxShadow !== "none";
  });
}

/** Returns the controls in `container` that have no accessible name, as short HTML excerpts. */
function unlabelledControls(container: Locator): Promise<string[]> {
  return container.evaluate((root) => {
    const controls = root.querySelectorAll<HTMLElement>("input, select, textarea, button, [role='button'], [role='textbox'], [tabindex='0']");
    const nameOf = (element: HTMLElement): string => {
      const labelledBy = element.getAttribute("aria-labelledby");
      const byIds = labelledBy ? labelledBy.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? "").join(" ") : "";
      const labels = "labels" in element ? [...((element as HTMLInputElement).labels ?? [])].map((label) => label.textContent ?? "").join(" ") : "";
      const own = element.tagName === "BUTTON" ? (element.textContent ?? "") : "";
      return [element.getAttribute("aria-label") ?? "", byIds, labels, element.getAttribute("title") ?? "", own].join(" ").trim();
    };

    // Monaco keeps an aria-hidden text area for input methods; its editing surface is labelled.
    const named = (element: HTMLElement) => element.closest("[aria-hidden='true']") !== null || nameOf(element) !== "";

    return [...controls].filter((element) => element.checkVisibility() && !named(element)).map((element) => element.outerHTML.slice(0, 160));
  });
}

describe("editor from the keyboard", () => {
  it("opens a flow from the bank template", async () => {
    await signInInEnglish(page, servers);
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Name").fill("keyboard-e2e");
    await page.getByLabel("Template: Bank hotline").check();
    await page.getByRole("button", { name: "Create" }).click();

    await page.waitForURL(/\/en\/flows\/[0-9a-f-]{36}$/, WAIT);
    flowId = page.url().split("/").at(-1)!;
    await canvasNode(page, "main-menu").waitFor(WAIT);
  });

  it("labels every editor action", async () => {
    const unlabelled = await unlabelledControls(page.locator("body"));

    expect(unlabelled).toEqual([]);
  });

  it("reaches the palette search with Tab", async () => {
    await page.locator("body").focus();

    await tabTo('input[aria-label="Search node types"]');
    expect(await focusIsVisible()).toBe(true);
  });

  it("adds a node from the palette with the keyboard", async () => {
    await page.keyboard.type("Hang up");
    await page.keyboard.press("Tab");

    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-node-type"))).toBe("call.hangup");
    expect(await focusIsVisible()).toBe(true);
    await page.keyboard.press("Enter");
    await canvasNode(page, "hangup-1").waitFor(WAIT);
    expect(await page.getByTestId("status").textContent()).toBe("Added Hang up as hangup-1.");
  });

  it("focuses and selects a canvas node with the keyboard", async () => {
    await tabTo('.react-flow__node[data-id="check-verified"]');

    expect(await focusIsVisible()).toBe(true);
    await page.keyboard.press("Enter");
    await page.getByTestId("property-panel").getByRole("heading", { name: /check-verified/ }).waitFor(WAIT);
    expect(await canvasNode(page, "check-verified").getAttribute("class")).toContain("selected");
  });

  it("moves the selected node with an arrow key and undoes it", async () => {
    const before = await canvasNode(page, "check-verified").getAttribute("style");

    await page.keyboard.press("ArrowRight");
    await page.waitForFunction((style) => document.querySelector('.react-flow__node[data-id="check-verified"]')?.getAttribute("style") !== style, before, WAIT);
    await page.keyboard.press("Control+z");

    await page.waitForFunction((style) => document.querySelector('.react-flow__node[data-id="check-verified"]')?.getAttribute("style") === style, before, WAIT);
    expect(await canvasNode(page, "check-verified").getAttribute("style")).toBe(before);
    // The undo takes back the move only, not the node added before it.
    expect(await canvasNode(page, "hangup-1").count()).toBe(1);
  });

  it("connects a port from the property panel", async () => {
    const panel = page.getByTestId("property-panel");

    await tabTo('[data-testid="property-panel"] select[aria-label="Port error leads to"]');
    expect(await focusIsVisible()).toBe(true);
    await panel.getByLabel("Port error leads to").selectOption("hangup-1");

    await page.locator('.react-flow__edge[data-id="check-verified:error"]').waitFor({ state: "attached", ...WAIT });
    expect(await page.getByTestId("status").textContent()).toBe("Connected port error of check-verified to hangup-1.");
  });

  it("labels every control of the property panel", async () => {
    const unlabelled = await unlabelledControls(page.getByTestId("property-panel"));

    expect(unlabelled).toEqual([]);
  });

  it("shows focus on each control of the property panel", async () => {
    const panel = page.getByTestId("property-panel");
    await panel.getByLabel("Label").focus();
    const hidden: string[] = [];

    for (let presses = 0; presses < 40; presses += 1) {
      const inside = await page.evaluate(() => document.activeElement?.closest("[data-testid='property-panel']") !== null);
      if (!inside) break;
      if (!(await focusIsVisible())) hidden.push(await describeFocus());
      await page.keyboard.press("Tab");
    }

    expect(hidden).toEqual([]);
  });

  it("completes a flow variable in an expression", async () => {
    const expression = page.getByTestId("property-panel").locator("[data-code-language='jsonata'] .monaco-editor").first();
    await expression.click();
    await page.keyboard.press("Control+a");
    await page.keyboard.type("accountN");

    const suggestion = page.locator(".suggest-widget.visible .monaco-list-row", { hasText: "accountNo" }).first();
    await suggestion.waitFor(WAIT);
    await page.keyboard.press("Enter");

    await page.waitForFunction(() => document.querySelector("[data-testid='property-panel'] [data-code-language='jsonata'] .view-lines")?.textContent === "accountNo", undefined, WAIT);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("status").getByText(/^Saved as draft version \d+\.$/).waitFor(WAIT);
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("callflow.session") ?? "{}").token as string);
    const flow = await (await fetch(`${servers.apiUrl}/api/flows/${flowId}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const node = flow.document.nodes.find((candidate: { id: string }) => candidate.id === "check-verified");
    expect(node.config.conditions[0].when).toBe("accountNo");
  });

  it("deletes the selected node with the Delete key", async () => {
    await tabTo('.react-flow__node[data-id="hangup-1"]');
    await page.keyboard.press("Enter");
    await page.keyboard.press("Delete");

    await canvasNode(page, "hangup-1").waitFor({ state: "detached", ...WAIT });
    expect(await page.locator('.react-flow__edge[data-id="check-verified:error"]').count()).toBe(0);
  });

  it("sent no request beyond 127.0.0.1", () => {
    expect(guarded.outsideRequests).toEqual([]);
  });
});
