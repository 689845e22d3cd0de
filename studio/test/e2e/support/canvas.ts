import type { Locator, Page } from "playwright-core";

/** Returns the canvas node with this flow node id. */
export function canvasNode(page: Page, id: string): Locator {
  return page.locator(`.react-flow__node[data-id="${id}"]`).first();
}

/** Returns the output handle of `port` on node `id`. */
export function sourceHandle(page: Page, id: string, port: string): Locator {
  return canvasNode(page, id).locator(`.react-flow__handle.source[data-handleid="${port}"]`);
}

/** Returns the input handle of node `id`. */
export function targetHandle(page: Page, id: string): Locator {
  return canvasNode(page, id).locator(".react-flow__handle.target");
}

async function centreOf(element: Locator): Promise<{ x: number; y: number }> {
  const box = await element.boundingBox();
  if (!box) throw new Error(`${element.toString()} is not visible, so the mouse cannot reach it`);

  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const viewport = element.page().viewportSize();
  if (viewport && (centre.x < 0 || centre.y < 0 || centre.x > viewport.width || centre.y > viewport.height)) {
    throw new Error(`${element.toString()} is at (${centre.x}, ${centre.y}), outside the page; fit the view first`);
  }
  return centre;
}

/**
 * Waits until the canvas stops moving, because the fit-view and focus buttons animate the view
 * for 200 ms and a handle's box read meanwhile is where the handle was, not where it will be.
 */
export async function waitForSteadyViewport(page: Page): Promise<void> {
  const viewport = page.locator(".react-flow__viewport").first();
  let previous = await viewport.getAttribute("style");

  for (let attempt = 0; attempt < 50; attempt += 1) {
    await page.waitForTimeout(100);
    const current = await viewport.getAttribute("style");
    if (current === previous) return;
    previous = current;
  }
  throw new Error(`the canvas kept moving for 5 s; its viewport style is ${previous}`);
}

/**
 * Drags with the mouse from a node's output port to another node's input, as a person does:
 * button down on the port, moves in `steps` small steps, button up on the input.
 */
export async function dragToConnect(page: Page, from: string, port: string, to: string, steps = 15): Promise<void> {
  await waitForSteadyViewport(page);
  await drag(page, await centreOf(sourceHandle(page, from, port)), await centreOf(targetHandle(page, to)), steps);
}

/** Drags with the mouse from a node's output port and releases it over the middle of node `to`. */
export async function dragToNode(page: Page, from: string, port: string, to: string, steps = 15): Promise<void> {
  await waitForSteadyViewport(page);
  await drag(page, await centreOf(sourceHandle(page, from, port)), await centreOf(canvasNode(page, to)), steps);
}

async function drag(page: Page, start: { x: number; y: number }, end: { x: number; y: number }, steps: number): Promise<void> {
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps });
  await page.mouse.up();
}
