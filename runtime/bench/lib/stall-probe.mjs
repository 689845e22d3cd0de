import { performance } from "node:perf_hooks";

/**
 * Spins for `durationMs` and sums the gaps of 1 ms or more between consecutive clock reads:
 * time this process was not running although it wanted to (other processes, the hypervisor).
 * It tells how far the machine was shared while the benchmarks ran.
 */
export function probeStalls(durationMs = 2_000) {
  const started = performance.now();
  const end = started + durationMs;
  let last = started;
  let lostMs = 0;
  let gaps = 0;
  let maxGapMs = 0;

  while (last < end) {
    const now = performance.now();
    const gap = now - last;

    if (gap >= 1) {
      gaps++;
      lostMs += gap;
      maxGapMs = Math.max(maxGapMs, gap);
    }
    last = now;
  }
  const elapsed = last - started;

  return { durationMs: Math.round(elapsed), gaps, lostPercent: Number(((100 * lostMs) / elapsed).toFixed(1)), maxGapMs: Number(maxGapMs.toFixed(1)) };
}
