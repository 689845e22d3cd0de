import type { Clock } from "@callflow/sdk";

/**
 * Returns a clock that runs at real speed from `startMs`: `now()` is `startMs` plus the real
 * time elapsed since this call, and timers are the host's. Business-hours nodes of a test call
 * started "on 7 December at 10:00" then compare that date, while its timeouts take real time.
 */
export function shiftedRealClock(startMs: number): Clock {
  const offset = startMs - Date.now();

  return {
    now: () => Date.now() + offset,
    setTimer: (delayMs, callback) => setTimeout(callback, delayMs),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
