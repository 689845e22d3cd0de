/** An opaque timer handle returned by {@link Clock.setTimer}. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/**
 * Time source of a session. The runtime injects a real clock for live calls and a
 * {@link VirtualClock} for tests and `callflow run`, where timeouts take no real time.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  setTimer(delayMs: number, callback: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}

/** The wall clock, on the host's timers. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (delayMs, callback) => setTimeout(callback, delayMs),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

interface VirtualTimer {
  readonly id: number;
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A clock that moves only when told to. Timers due at the same instant fire in the order they
 * were set. {@link VirtualClock.runUntilIdle} drives a whole simulated call.
 *
 * @example
 * const clock = new VirtualClock(Date.parse("2026-12-07T02:00:00Z"));
 * clock.setTimer(5000, () => console.log("timeout"));
 * await clock.runUntilIdle(); // prints "timeout"; clock.now() is 5 s later
 */
export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private seq = 0;
  private readonly timers: VirtualTimer[] = [];

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Number of timers set and not yet fired or cleared. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: VirtualTimer = {
      id: this.nextId++,
      due: this.current + Math.max(0, delayMs),
      seq: this.seq++,
      callback,
    };
    const index = this.timers.findIndex((t) => t.due > timer.due);

    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    const id = (handle as { id: number }).id;
    const index = this.timers.findIndex((t) => t.id === id);

    if (index !== -1) this.timers.splice(index, 1);
  }

  /** Moves the clock forward, firing every timer that falls due on the way. */
  async advance(ms: number): Promise<void> {
    const until = this.current + ms;

    await settle();
    while (this.timers.length > 0 && this.timers[0].due <= until) {
      this.fireNext();
      await settle();
    }
    this.current = until;
  }

  /**
   * Fires timers in time order until none is left, letting promise chains settle between
   * timers. Stops after `maxTimers` firings so that a flow that never ends cannot hang a test.
   *
   * @returns the number of timers fired
   */
  async runUntilIdle(maxTimers = 1_000_000): Promise<number> {
    let fired = 0;

    await settle();
    while (this.timers.length > 0 && fired < maxTimers) {
      this.fireNext();
      fired++;
      await settle();
    }
    return fired;
  }

  private fireNext(): void {
    const timer = this.timers.shift()!;

    this.current = Math.max(this.current, timer.due);
    timer.callback();
  }
}

/**
 * Fires the clock's timers until `work` settles. Between timers it yields to the event loop, so
 * that scripts, database queries and HTTP requests finish before virtual time moves on. When no
 * timer is due, it waits a millisecond of real time, or less when `work` settles first.
 *
 * @example
 * const result = await driveUntilSettled(clock, session.run());
 */
export async function driveUntilSettled<T>(clock: VirtualClock, work: Promise<T>): Promise<T> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });

  while (!settled) {
    const fired = await clock.runUntilIdle();

    if (settled) break;
    if (fired > 0) await new Promise<void>((resolve) => macrotask(resolve));
    else await Promise.race([done, new Promise<void>((resolve) => setTimeout(resolve, 1))]);
  }
  return done;
}

/** Work in flight outside the virtual clock (expression evaluations) that must settle first. */
export const pendingWork = { count: 0 };

/**
 * Lets every pending promise chain run before virtual time moves on. A macrotask turn drains
 * the microtask queue; expression evaluations that yield to the host are waited for too.
 */
async function settle(): Promise<void> {
  do {
    await new Promise<void>((resolve) => macrotask(resolve));
  } while (pendingWork.count > 0);
}

// setImmediate (Node) runs after pending I/O without the 1 ms floor of setTimeout(0); browsers
// lack it, so they fall back to setTimeout.
const hostSetImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
const macrotask: (callback: () => void) => void =
  typeof hostSetImmediate === "function" ? (callback) => void hostSetImmediate(callback) : (callback) => setTimeout(callback, 0);
