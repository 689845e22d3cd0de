// CPU use of the whole machine from /proc/stat, so a run can tell how much of the 2 cores other
// processes took while it measured.
import fs from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";

const CLOCK_TICKS_PER_SECOND = 100;

/** Reads the machine's busy and steal time in clock ticks (USER_HZ, 100 a second on Linux). */
export function readMachineCpu() {
  const fields = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0].trim().split(/\s+/).slice(1).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;

  return { atMs: performance.now(), busyTicks: user + nice + system + irq + softirq + steal, stealTicks: steal };
}

/** Returns the cores the machine kept busy between two readings, and how many of them were stolen by the hypervisor. */
export function machineCoresBetween(before, after) {
  const seconds = (after.atMs - before.atMs) / 1000;

  return {
    busyCores: Number(((after.busyTicks - before.busyTicks) / CLOCK_TICKS_PER_SECOND / seconds).toFixed(3)),
    stealCores: Number(((after.stealTicks - before.stealTicks) / CLOCK_TICKS_PER_SECOND / seconds).toFixed(3)),
    cores: os.availableParallelism(),
  };
}
