import path from "node:path";

import type { Locator, Page } from "playwright-core";

import { launchGuardedBrowser, SCREENSHOT_DIR, untranslatedTexts, type GuardedBrowser } from "./support/browser";
import { dragToConnect, dragToNode } from "./support/canvas";
import { startServers, type Servers } from "./support/servers";

// A clean `next build` takes minutes on a shared 2-core machine; the steps themselves take seconds.
jest.setTimeout(20 * 60_000);

/** The parts of the bank template's document that the checks read. */
interface TemplateDocument {
  nodes: Array<{ id: string; config: { options?: Array<{ port: string }> } }>;
  variables: Record<string, unknown>;
}

const FLOW_NAME = "bank-e2e";
const WAIT = { timeout: 20_000 };

let servers: Servers;
let guarded: GuardedBrowser;
let page: Page;
let flowId: string;

beforeAll(async () => {
  servers = await startServers();
  guarded = await launchGuardedBrowser();
  page = guarded.page;
  page.on("dialog", (dialog) => void dialog.accept());
}, 20 * 60_000);

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

function canvasNode(id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`).first();
}

function status(): Locator {
  return page.getByTestId("status");
}

async function apiGet(pathname: string): Promise<any> {
  const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem("callflow.session") ?? "{}").token as string);
  const response = await fetch(`${servers.apiUrl}${pathname}`, { headers: { authorization: `Bearer ${token}` } });
  return response.json();
}

describe("studio in the browser", () => {
  it("signs in to the tenant's locale", async () => {
    await page.goto(`${servers.studioUrl}/en`);
    await page.getByLabel("Tenant").fill(servers.tenant);
    await page.getByLabel("Login").fill(servers.login);
    await page.getByLabel("Password").fill(servers.password);
    await page.getByRole("button", { name: "Sign in" }).click();

    // The demo tenant's locale is Traditional Chinese, and this user has chosen none.
    await page.waitForURL(/\/zh-Hant\/flows$/, WAIT);
    await page.getByRole("heading", { name: "流程" }).waitFor(WAIT);
  });

  it("switches to English and remembers it", async () => {
    await page.getByLabel("介面語言").selectOption("en");

    await page.waitForURL(/\/en\/flows$/, WAIT);
    await page.getByRole("tab", { name: "IVR" }).waitFor(WAIT);
  });

  it("lists the seeded IVR flows with status and editor", async () => {
    const row = page.locator("tr", { hasText: "bank-hotline" });

    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain("Published");
    expect(await row.textContent()).toContain("Demo admin");
  });

  it("creates an IVR from the bank template", async () => {
    await page.getByRole("button", { name: "New flow" }).click();
    await page.getByLabel("Name").fill(FLOW_NAME);
    await page.getByLabel("Template: Bank hotline").check();
    await page.getByRole("button", { name: "Create" }).click();

    await page.waitForURL(/\/en\/flows\/[0-9a-f-]{36}$/, WAIT);
    flowId = page.url().split("/").at(-1)!;
    await canvasNode("main-menu").waitFor(WAIT);
    await page.getByTestId("problems").getByText("No problems: the flow compiles.").waitFor(WAIT);
    const template = await apiGet("/api/templates/bank-hotline");
    expect(await page.locator(".react-flow__node").count()).toBe(template.document.nodes.length);
  });

  it("shows a problem on the menu when an option is added", async () => {
    await canvasNode("main-menu").click();
    const options = page.getByTestId("property-panel").getByRole("group", { name: "Options", exact: true });
    await options.getByRole("button", { name: "Add row" }).click();
    const lastRow = options.locator("tbody tr").last();
    await lastRow.locator("input").nth(0).fill("8");
    await lastRow.locator("input").nth(1).fill("survey");

    await page.locator('.react-flow__node[data-id="main-menu"] [data-problem="error"]').waitFor(WAIT);
    // The problem names the port once the port's input has its value.
    await canvasNode("main-menu").getByTestId("node-problem").filter({ hasText: "survey" }).waitFor(WAIT);
    await page.getByTestId("problems").getByText("survey").first().waitFor(WAIT);
  });

  it("focuses the node of a chosen problem", async () => {
    await page.getByRole("button", { name: "Fit view" }).first().click();
    await page.getByTestId("problems").locator('[data-problem-node="main-menu"]').first().click();

    await page.waitForFunction(() => {
      const transform = document.querySelector<HTMLElement>(".react-flow__viewport")?.style.transform ?? "";
      return /scale\(1\)/.test(transform);
    }, undefined, WAIT);
    expect(await canvasNode("main-menu").getAttribute("class")).toContain("selected");
  });

  it("adds a node from the palette with the keyboard", async () => {
    await page.getByLabel("Search node types").fill("Hang up");
    await page.locator('[data-node-type="call.hangup"]').focus();
    await page.keyboard.press("Enter");

    await canvasNode("hangup-1").waitFor(WAIT);
    await status().getByText("hangup-1").waitFor(WAIT);
  });

  it("connects the option with a mouse drag", async () => {
    await dragToConnect(page, "main-menu", "survey", "hangup-1");

    await status().getByText("Connected port survey of main-menu to hangup-1.").waitFor(WAIT);
    await page.locator('.react-flow__edge[data-id="main-menu:survey"]').waitFor(WAIT);
    await page.locator('.react-flow__node[data-id="main-menu"] [data-problem="error"]').waitFor({ state: "detached", ...WAIT });
  });

  it("refuses a second edge from the same port", async () => {
    await page.getByRole("button", { name: "Fit view" }).first().click();
    const edgesBefore = await page.locator(".react-flow__edge").count();

    await dragToConnect(page, "main-menu", "survey", "goodbye");

    await status().getByText(/Connection refused: port survey of main-menu is already connected to hangup-1/).waitFor(WAIT);
    expect(await page.locator(".react-flow__edge").count()).toBe(edgesBefore);
  });

  it("refuses an edge to the entry node", async () => {
    await dragToNode(page, "main-menu", "survey", "start");

    await status().getByText("Connection refused: start is the entry node, where calls start, so no edge may lead to it.").waitFor(WAIT);
  });

  it("saves the draft", async () => {
    await page.getByRole("button", { name: "Save", exact: true }).click();

    await status().getByText("Saved as draft version 2.").waitFor(WAIT);
    expect(await page.getByTestId("save-state").textContent()).toContain("Saved (draft version 2)");
    const stored = await apiGet(`/api/flows/${flowId}`);
    expect(stored.document.edges).toContainEqual({ from: "main-menu", port: "survey", to: "hangup-1" });
  });

  it("publishes with a note", async () => {
    await page.getByRole("button", { name: "Publish", exact: true }).click();
    await page.getByLabel("Note for the version history").fill("First version with the survey key");
    await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();

    await status().getByText("Published version 1.").waitFor(WAIT);
    const versions = await apiGet(`/api/flows/${flowId}/versions`);
    expect(versions.items.map((version: { note: string }) => version.note)).toEqual(["First version with the survey key"]);
  });

  it("runs a test call and draws its path", async () => {
    await page.getByRole("tab", { name: "Test call" }).click();
    const simulator = page.getByTestId("simulator");
    await simulator.getByRole("button", { name: "Start call" }).click();

    await simulator.getByTestId("prompts").locator("li", { hasText: "language-menu" }).first().waitFor(WAIT);
    await simulator.getByRole("button", { name: "Key 1" }).click();
    await simulator.getByTestId("prompts").locator("li", { hasText: "main-menu" }).first().waitFor(WAIT);
    await simulator.getByRole("button", { name: "Key 8" }).click();

    await simulator.getByRole("status").getByText(/^Call ended: completed/).waitFor(WAIT);
    for (const id of ["start", "answer", "welcome", "language-menu", "set-mandarin", "main-menu", "hangup-1"]) {
      expect(await canvasNode(id).locator("[data-run-state]").count()).toBe(1);
    }
    expect(await canvasNode("card-menu").locator("[data-run-state]").count()).toBe(0);
    expect(await page.locator(".react-flow__edge.animated").count()).toBeGreaterThanOrEqual(6);
    expect(await simulator.getByTestId("variables").textContent()).toContain("language");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "simulator.png") });
  });

  it("steps back through the finished call", async () => {
    const simulator = page.getByTestId("simulator");
    await simulator.getByRole("slider", { name: "Step" }).fill("0");

    expect(await page.locator("[data-run-state]").count()).toBe(0);
    let steps = 0;
    while ((await page.locator("[data-run-state]").count()) === 0 && steps < 50) {
      await simulator.getByRole("button", { name: "Forward" }).click();
      steps += 1;
    }
    expect(await page.locator("[data-run-state]").count()).toBe(1);
    expect(await canvasNode("start").locator("[data-run-state]").count()).toBe(1);
    expect(await canvasNode("hangup-1").locator("[data-run-state]").count()).toBe(0);
  });

  it("replays a recorded call's keys against the draft", async () => {
    const calls = await apiGet("/api/calls?limit=1");
    const simulator = page.getByTestId("simulator");
    await simulator.getByLabel("Replay a recorded call's input").fill(calls.items[0].id);
    await simulator.getByRole("button", { name: "Start call" }).click();

    await simulator.getByRole("status").getByText(/^Call ended: completed/).waitFor(WAIT);
    expect(await canvasNode("hangup-1").locator("[data-run-state]").count()).toBe(1);
    expect(await simulator.getByTestId("prompts").locator("li", { hasText: "main-menu" }).count()).toBeGreaterThan(0);
  });

  it("edits the holidays of the business hours", async () => {
    await page.getByRole("tab", { name: "Properties" }).click();
    await page.getByRole("button", { name: "Fit view" }).first().click();
    await canvasNode("agent-hours").click();
    const calendar = page.getByTestId("calendar-field");
    await calendar.getByRole("table", { name: "Holidays" }).waitFor(WAIT);
    const before = await calendar.locator("tbody tr").count();

    await calendar.getByRole("button", { name: "Add holiday" }).click();
    await calendar.locator("tbody tr").last().getByLabel("Date").fill("2027-03-03");
    await calendar.locator("tbody tr").last().getByLabel("Name").fill("Year-end closing");
    await calendar.getByRole("button", { name: "Save calendar" }).click();

    await calendar.getByRole("status").waitFor(WAIT);
    expect(await calendar.getByRole("status").textContent()).toMatch(/^Saved calendar /);
    const stored = await apiGet("/api/calendars");
    const days = stored.items.flatMap((item: { definition: { days: Array<{ date: string; name: string }> } }) => item.definition.days);
    expect(days).toContainEqual({ date: "2027-03-03", name: "Year-end closing" });
    expect(await calendar.locator("tbody tr").count()).toBe(before + 1);
  });

  it("edits special opening hours of a day", async () => {
    const calendar = page.getByTestId("calendar-field");
    await calendar.getByRole("button", { name: "Add holiday" }).click();
    const day = calendar.getByTestId("special-day").last();
    await day.getByLabel("Date").fill("2027-02-05");
    await day.getByLabel("Name").fill("Lunar New Year's Eve");
    await day.getByLabel("Opening on 2027-02-05").selectOption("special");
    await day.getByLabel("Closes at, range 1 of 2027-02-05").fill("08:00");

    const problem = day.getByRole("alert");
    await problem.waitFor(WAIT);
    expect(await problem.textContent()).toBe("Opening time 09:00 must be before closing time 08:00.");
    expect(await calendar.getByRole("button", { name: "Save calendar" }).isDisabled()).toBe(true);

    await day.getByLabel("Closes at, range 1 of 2027-02-05").fill("12:30");
    await day.getByRole("button", { name: "Add opening hours to 2027-02-05" }).click();
    await day.getByLabel("Opens at, range 2 of 2027-02-05").fill("14:00");
    await day.getByLabel("Closes at, range 2 of 2027-02-05").fill("16:00");
    await problem.waitFor({ state: "detached", ...WAIT });
    // The status still shows the previous save, so the test waits for this save's response.
    const saved = page.waitForResponse((response) => response.url().includes("/api/calendars/") && response.request().method() === "PATCH", WAIT);
    await calendar.getByRole("button", { name: "Save calendar" }).click();

    expect((await saved).status()).toBe(200);
    const stored = await apiGet("/api/calendars");
    const days = stored.items.flatMap((item: { definition: { days: unknown[] } }) => item.definition.days);
    expect(days).toContainEqual({ date: "2027-02-05", name: "Lunar New Year's Eve", hours: [{ open: "09:00", close: "12:30" }, { open: "14:00", close: "16:00" }] });
  });

  it("flags reversed weekly hours inline", async () => {
    const close = page.getByTestId("property-panel").getByLabel("Monday, range 1: closes");
    await close.fill("08:00");

    const problem = page.getByTestId("property-panel").getByRole("alert").filter({ hasText: "Opening time 09:00 must be before closing time 08:00." });
    await problem.waitFor(WAIT);
    expect(await close.getAttribute("aria-invalid")).toBe("true");

    await close.fill("18:00");
    await problem.waitFor({ state: "detached", ...WAIT });
    // Undoes both edits, so that the version diff later shows the label change only.
    await page.locator(".react-flow__pane").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("Control+z");
    await page.keyboard.press("Control+z");
  });

  it("keeps unsaved work across a switch to Traditional Chinese", async () => {
    await page.getByRole("tab", { name: "Properties" }).click();
    await canvasNode("goodbye").click();
    await page.getByTestId("property-panel").getByLabel("Label").fill("Say goodbye and hang up");
    await page.getByLabel("Interface language").selectOption("zh-Hant");

    await page.waitForURL(/\/zh-Hant\/flows\//, WAIT);
    await page.locator("html[lang='zh-Hant']").waitFor({ state: "attached", ...WAIT });
    await canvasNode("goodbye").waitFor(WAIT);
    expect(await page.getByTestId("save-state").textContent()).toContain("尚未儲存");
    expect(await canvasNode("goodbye").textContent()).toContain("Say goodbye and hang up");
  });

  it("shows no untranslated text on the editor in Traditional Chinese", async () => {
    await canvasNode("main-menu").click();
    await page.getByTestId("property-panel").getByText("選項").first().waitFor(WAIT);
    await page.getByTestId("problems").getByText("沒有問題").waitFor(WAIT);
    const template: TemplateDocument = (await apiGet("/api/templates/bank-hotline")).document;
    const ports = template.nodes.flatMap((node) => node.config.options?.map((option) => option.port) ?? []);
    const allowed = ["Callflow", "React Flow", "Enter", "Delete", "Esc", "HTTP", ...template.nodes.map((node) => node.id), "hangup-1", ...ports, "survey", ...Object.keys(template.variables)];

    const untranslated = await untranslatedTexts(page, allowed);

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "editor-zh-hant.png") });
    expect(untranslated).toEqual([]);
  });

  it("publishes a second version and diffs the two", async () => {
    await page.getByRole("button", { name: "儲存", exact: true }).click();
    await status().getByText("已儲存為草稿版本 3。").waitFor(WAIT);
    await page.getByRole("button", { name: "發布", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "發布" }).click();
    await status().getByText("已發布版本 2。").waitFor(WAIT);

    await page.getByRole("tab", { name: "版本" }).click();
    const history = page.getByTestId("history");
    await history.locator("[data-version='2']").waitFor(WAIT);
    await history.getByLabel("從", { exact: true }).selectOption("1");
    await history.getByLabel("到", { exact: true }).selectOption("2");
    await history.getByRole("button", { name: "比較" }).click();

    const diff = page.getByTestId("diff-view");
    await diff.locator('[data-node-id="goodbye"][data-diff-state="changed"]').waitFor(WAIT);
    expect(await diff.getByTestId("diff-changes").textContent()).toContain("Say goodbye and hang up");
    expect(await diff.locator("[data-diff-state]").count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "diff.png") });
  });

  it("rolls back to the first version", async () => {
    await page.getByRole("button", { name: "關閉比較" }).click();
    await page.getByRole("button", { name: "回復到版本 1" }).click();

    await page.getByTestId("history").getByText("已將版本 1 再次發布為版本 3。").waitFor(WAIT);
    const first = await apiGet(`/api/flows/${flowId}/versions/1`);
    const third = await apiGet(`/api/flows/${flowId}/versions/3`);
    expect(third.document).toEqual(first.document);
  });

  it("saves an English editor screenshot", async () => {
    await page.getByLabel("介面語言").selectOption("en");
    await page.waitForURL(/\/en\/flows\//, WAIT);
    await canvasNode("main-menu").click();
    await page.getByRole("button", { name: "Fit view" }).first().click();

    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "editor.png") });
    expect(guarded.outsideRequests).toEqual([]);
  });

  it("draws a recorded call's path on its version", async () => {
    await page.getByRole("link", { name: "Call records" }).click();
    const open = page.getByRole("button", { name: /^Open the trace of call / }).first();
    await open.waitFor(WAIT);
    await open.click();

    const trace = page.getByTestId("trace-view");
    await trace.locator('.react-flow__node[data-id="hangup-1"] [data-run-state="visited"]').waitFor(WAIT);
    expect(await trace.locator('.react-flow__node[data-id="card-menu"] [data-run-state]').count()).toBe(0);
    expect(await trace.locator(".react-flow__edge.animated").count()).toBeGreaterThanOrEqual(6);
  });

  it("sent no request beyond 127.0.0.1", () => {
    expect(guarded.outsideRequests).toEqual([]);
  });
});
