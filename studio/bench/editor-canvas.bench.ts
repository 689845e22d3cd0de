import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { launchGuardedBrowser, type GuardedBrowser } from "../test/e2e/support/browser";
import { startServers, type Servers } from "../test/e2e/support/servers";

// The flow's size, and how long the scripted pan and zoom run together, half each.
const NODE_COUNT = 1000;
const GESTURE_MS = 6000;

let servers: Servers;
let guarded: GuardedBrowser;

beforeAll(async () => {
  servers = await startServers();
  guarded = await launchGuardedBrowser();
});

afterAll(async () => {
  await guarded?.close();
  await servers?.stop();
});

/** Builds an IVR of `count` nodes: inbound, answer, a chain of prompts, hang-up, on a grid. */
function largeFlow(count: number) {
  const ids = Array.from({ length: count }, (_, index) => (index === 0 ? "start" : index === 1 ? "answer" : index === count - 1 ? "bye" : `play-${index}`));
  const nodes = ids.map((id, index) => {
    const type = index === 0 ? "call.inbound" : index === 1 ? "call.answer" : index === count - 1 ? "call.hangup" : "media.play";
    const config = type === "media.play" ? { prompt: { tts: { en: `Step ${index}` } } } : {};
    return { id, type, config, position: { x: (index % 40) * 260, y: Math.floor(index / 40) * 160 } };
  });
  const edges = ids.slice(0, -1).map((id, index) => ({ from: id, port: "next", to: ids[index + 1] }));

  return { schemaVersion: 1, kind: "ivr", name: { en: "Large" }, languages: ["en"], entry: "start", variables: {}, nodes, edges };
}

async function api(pathname: string, token: string | null, body?: unknown): Promise<any> {
  const response = await fetch(`${servers.apiUrl}${pathname}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))];
}

it("opens a 1,000-node flow and pans and zooms it", async () => {
  const signedIn = await api("/api/sessions", null, { tenant: servers.tenant, login: servers.login, password: servers.password });
  const flow = await api("/api/flows", signedIn.token, { name: "large-bench", kind: "ivr", document: largeFlow(NODE_COUNT) });
  const { page } = guarded;

  await page.addInitScript((stored) => sessionStorage.setItem("callflow.session", stored), JSON.stringify({ token: signedIn.token, session: signedIn.session }));
  await page.goto(`${servers.studioUrl}/en`);

  // Opening time: from the start of navigation to the editor page until every node is drawn.
  const started = Date.now();
  await page.goto(`${servers.studioUrl}/en/flows/${flow.id}`);
  await page.waitForFunction((count) => document.querySelectorAll(".react-flow__node").length >= count, NODE_COUNT, { timeout: 120_000, polling: 50 });
  const openMs = Date.now() - started;

  const pane = await page.locator(".react-flow__pane").boundingBox();
  if (!pane) throw new Error("the canvas pane is not on the page");
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };

  await page.evaluate(() => {
    const frames: number[] = [];
    let last = performance.now();
    const tick = (now: number) => {
      frames.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    (window as unknown as { benchFrames: number[] }).benchFrames = frames;
    requestAnimationFrame(tick);
  });
  const takeFrames = () => page.evaluate(() => (window as unknown as { benchFrames: number[] }).benchFrames.splice(0));

  // Pan: drag the canvas back and forth.
  await takeFrames();
  let gestureEnd = Date.now() + GESTURE_MS / 2;
  while (Date.now() < gestureEnd) {
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x + 300, centre.y + 120, { steps: 15 });
    await page.mouse.move(centre.x, centre.y, { steps: 15 });
    await page.mouse.up();
  }
  const panFrames = (await takeFrames()).slice(1);

  // Zoom: wheel in and out over the middle of the canvas.
  await page.mouse.move(centre.x, centre.y);
  gestureEnd = Date.now() + GESTURE_MS / 2;
  while (Date.now() < gestureEnd) {
    for (let step = 0; step < 5; step += 1) await page.mouse.wheel(0, -120);
    for (let step = 0; step < 5; step += 1) await page.mouse.wheel(0, 120);
  }
  const zoomFrames = (await takeFrames()).slice(1);
  const frames = [...panFrames, ...zoomFrames];
  const summary = (values: number[]) => ({ frames: values.length, p50Ms: Number(percentile(values, 0.5).toFixed(1)), p95Ms: Number(percentile(values, 0.95).toFixed(1)), maxMs: Number(Math.max(...values).toFixed(1)) });

  const result = {
    date: new Date().toISOString(),
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`,
    nodes: NODE_COUNT,
    openMs,
    panAndZoom: summary(frames),
    pan: summary(panFrames),
    zoom: summary(zoomFrames),
  };

  writeFileSync(path.join(__dirname, "last-run.json"), JSON.stringify(result, null, 2) + "\n");
  console.log(JSON.stringify(result));
  expect(frames.length).toBeGreaterThan(0);
  expect(guarded.outsideRequests).toEqual([]);
});
