import fs from "node:fs";
import os from "node:os";

/** Describes the machine a benchmark runs on: CPU model, cores, memory, Node version, load. */
export function describeMachine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";

  return {
    cpuModel: model,
    cores: os.availableParallelism?.() ?? os.cpus().length,
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

/** Returns the 1-minute load average, which shows whether other work shared the cores. */
export function loadAverage() {
  return Number(os.loadavg()[0].toFixed(2));
}
