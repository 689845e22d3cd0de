import type { Clock, TimerHandle } from "@callflow/sdk";

interface ScaledTimer {
  readonly id: number;
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/**
 * A wall clock that runs `1 / scale` times faster than real time, so tests keep Asterisk's
 * measured durations (a 500 ms answer wait, a 1.4 s prompt) and still finish quickly. With
 * `scale` 0.1, one virtual second takes 100 real milliseconds. Timers fire in the order of their
 * virtual due time, which scaled-down `setTimeout` delays of a fraction of a millisecond would
 * not guarantee.
 *
 * @example
 * const clock = new ScaledClock(0.1);
 * clock.setTimer(1400, () => console.log("prompt done")); // about 140 ms later
 */
export class ScaledClock implements Clock {
  private readonly virtualStart: number;
  private readonly realStart = performance.now();
  private readonly timers: ScaledTimer[] = [];
  private nextId = 1;
  private seq = 0;
  private armed: ReturnType<typeof setTimeout> | undefined;

  /** @param scale real milliseconds per virtual millisecond; 1 is real time */
  constructor(
    readonly scale = 1,
    virtualStartMs = Date.now(),
  ) {
    if (!(scale > 0)) throw new RangeError(`clock scale must be a positive number, got ${scale}`);
    this.virtualStart = virtualStartMs;
  }

  now(): number {
    return this.virtualStart + (performance.now() - this.realStart) / this.scale;
  }

  setTimer(delayMs: number, callback: () => void): TimerHandle {
    const timer: ScaledTimer = { id: this.nextId++, due: this.now() + Math.max(0, delayMs), seq: this.seq++, callback };
    const index = this.timers.findIndex((t) => t.due > timer.due);

    if (index === -1) this.timers.push(timer);
    else this.timers.splice(index, 0, timer);
    this.arm();
    return { id: timer.id };
  }

  clearTimer(handle: TimerHandle): void {
    const id = (handle as { id: number }).id;
    const index = this.timers.findIndex((t) => t.id === id);

    if (index !== -1) this.timers.splice(index, 1);
    if (this.timers.length === 0) this.disarm();
  }

  private arm(): void {
    this.disarm();
    if (this.timers.length === 0) return;

    const realDelay = Math.max(0, (this.timers[0].due - this.now()) * this.scale);

    this.armed = setTimeout(() => this.fireDue(), realDelay);
  }

  private disarm(): void {
    if (this.armed !== undefined) clearTimeout(this.armed);
    this.armed = undefined;
  }

  private fireDue(): void {
    this.armed = undefined;

    const now = this.now();

    while (this.timers.length > 0 && this.timers[0].due <= now) {
      this.timers.shift()!.callback();
    }
    this.arm();
  }
}
