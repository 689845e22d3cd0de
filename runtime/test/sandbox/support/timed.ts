/** How a promise ended and how many milliseconds it took. */
export interface Timed<T> {
  readonly elapsedMs: number;
  readonly value?: T;
  readonly error?: unknown;
}

/** Waits for `promise` and measures it from now; never rejects. */
export async function timed<T>(promise: Promise<T>): Promise<Timed<T>> {
  const started = performance.now();

  try {
    const value = await promise;

    return { elapsedMs: performance.now() - started, value };
  } catch (error) {
    return { elapsedMs: performance.now() - started, error };
  }
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` every 10 ms until it holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = performance.now();

  while (!condition()) {
    if (performance.now() - started > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
