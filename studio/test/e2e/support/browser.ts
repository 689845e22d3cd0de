import { mkdirSync } from "node:fs";
import path from "node:path";

import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

import { STUDIO_DIR } from "./studio-build";

/** Folder of the screenshots the tests save; git ignores it. */
export const SCREENSHOT_DIR = path.join(STUDIO_DIR, "test-results", "screenshots");

/** A headless Chromium page that may reach only 127.0.0.1, with the requests it tried elsewhere. */
export interface GuardedBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** URLs of requests and WebSockets that tried to leave 127.0.0.1; each was aborted. */
  outsideRequests: string[];
  close(): Promise<void>;
}

// Debian's Chromium with the flags that keep it from calling home (updates, sync, safe browsing).
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

function isLocal(url: string): boolean {
  const parsed = new URL(url);

  if (parsed.protocol === "data:" || parsed.protocol === "blob:" || parsed.protocol === "about:") return true;
  return parsed.hostname === "127.0.0.1";
}

/** Launches Chromium from /usr/bin/chromium; every request that leaves 127.0.0.1 is aborted and recorded. */
export async function launchGuardedBrowser(): Promise<GuardedBrowser> {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, locale: "en-US", timezoneId: "Asia/Taipei" });
  const outsideRequests: string[] = [];

  await context.route("**/*", (route) => {
    const url = route.request().url();

    if (isLocal(url)) return route.continue();
    outsideRequests.push(url);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  page.on("websocket", (socket) => {
    if (!isLocal(socket.url().replace(/^ws/, "http"))) outsideRequests.push(socket.url());
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  return { browser, context, page, outsideRequests, close: () => browser.close() };
}

/**
 * Returns the visible interface texts of the page, and its labels, that are in Latin letters
 * only, so in English rather than in the page's Chinese locale. Texts with Chinese in them count
 * as translated, because translations keep technical terms such as JSONata or Q.850. It leaves
 * out the user's own content, node type ids and variable names (marked `data-user-content`),
 * the code editor, React Flow's attribution link and the `allowed` words.
 */
export async function untranslatedTexts(page: Page, allowed: readonly string[]): Promise<string[]> {
  // Longer words first, so that `main-menu` goes before `menu`.
  const ordered = [...allowed].sort((a, b) => b.length - a.length);

  return page.evaluate((allowedWords) => {
    const skipped = "[data-user-content], .monaco-editor, .react-flow__attribution, option, textarea, script, style";
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);

    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim() ?? "";
      if (!parent || text === "" || parent.closest(skipped) || !parent.checkVisibility()) continue;

      const rest = allowedWords.reduce((remaining, word) => remaining.split(word).join(" "), text);
      if (/[A-Za-z]{2,}/.test(rest) && !/[\u3400-\u9fff]/.test(rest)) found.push(text);
    }
    for (const element of document.querySelectorAll<HTMLElement>("[aria-label], [placeholder], [title]")) {
      if (element.closest(skipped) || !element.checkVisibility()) continue;
      for (const attribute of ["aria-label", "placeholder", "title"]) {
        const value = element.getAttribute(attribute);
        if (!value) continue;
        const rest = allowedWords.reduce((remaining, word) => remaining.split(word).join(" "), value);
        if (/[A-Za-z]{2,}/.test(rest) && !/[\u3400-\u9fff]/.test(rest)) found.push(`${attribute}="${value}"`);
      }
    }
    return found;
  }, ordered);
}
