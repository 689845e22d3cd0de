import { Waiters } from "../../../src/ari/adapter/playback-waiters.js";

// Settles a promise into its value, or "pending" when it has not settled within `ms`.
async function valueWithin<T>(promise: Promise<T>, ms: number): Promise<T | "pending"> {
  let timer: NodeJS.Timeout | undefined;

  try {
    return await Promise.race([promise, new Promise<"pending">((resolve) => (timer = setTimeout(() => resolve("pending"), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe("Waiters", () => {
  test("settle resolves the waiting entry", async () => {
    const waiters = new Waiters<string>();
    const finished = waiters.wait("play-1", "channel-a");

    const settled = waiters.settle("play-1", "done");

    expect(settled).toBe(true);
    expect(await finished).toBe("done");
    expect(waiters.size).toBe(0);
  });

  test("failAll settles only the owner's entries", async () => {
    const waiters = new Waiters<string>();
    const first = waiters.wait("play-1", "channel-a");
    const second = waiters.wait("play-2", "channel-a");
    const other = waiters.wait("play-3", "channel-b");

    waiters.failAll("channel-a", "failed");

    expect(await first).toBe("failed");
    expect(await second).toBe("failed");
    expect(await valueWithin(other, 20)).toBe("pending");
    expect(waiters.size).toBe(1);
  });

  test("failAll after settled entries finds none", async () => {
    const waiters = new Waiters<string>();
    const first = waiters.wait("play-1", "channel-a");
    waiters.settle("play-1", "done");
    const second = waiters.wait("play-2", "channel-a");
    waiters.settle("play-2", "done");

    waiters.failAll("channel-a", "failed");

    expect(await first).toBe("done");
    expect(await second).toBe("done");
    expect(waiters.size).toBe(0);
  });

  test("reused id moves to its new owner", async () => {
    const waiters = new Waiters<string>();
    void waiters.wait("greeting", "channel-a");
    const reused = waiters.wait("greeting", "channel-b");

    waiters.failAll("channel-a", "failed");

    expect(await valueWithin(reused, 20)).toBe("pending");
    expect(waiters.has("greeting")).toBe(true);
  });

  test("gives up an overdue entry", async () => {
    const waiters = new Waiters<string>({ giveUp: { afterMs: 60, value: "failed" } });
    const started = Date.now();

    const outcome = await valueWithin(waiters.wait("play-1", "channel-a"), 5_000);

    expect(outcome).toBe("failed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(waiters.size).toBe(0);
  });

  test("settled entry is not given up", async () => {
    const waiters = new Waiters<string>({ giveUp: { afterMs: 60, value: "failed" } });
    const finished = waiters.wait("play-1", "channel-a");

    waiters.settle("play-1", "done");

    expect(await finished).toBe("done");
    expect(await valueWithin(waiters.wait("play-2", "channel-a"), 5_000)).toBe("failed");
  });

  test("without give-up an entry waits", async () => {
    const waiters = new Waiters<string>();

    const outcome = await valueWithin(waiters.wait("play-1", "channel-a"), 200);

    expect(outcome).toBe("pending");
    expect(waiters.size).toBe(1);
  });

  test("close stops giving up", async () => {
    const waiters = new Waiters<string>({ giveUp: { afterMs: 60, value: "failed" } });
    const finished = waiters.wait("play-1", "channel-a");

    waiters.close();

    expect(await valueWithin(finished, 300)).toBe("pending");
    expect(waiters.size).toBe(1);
  });
});
