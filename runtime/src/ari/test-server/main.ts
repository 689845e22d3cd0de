import { CLI_USAGE, parseCliOptions, type CliOptions } from "./cli-options.js";
import { ScaledClock } from "./core/scaled-clock.js";
import { AriTestServer } from "./server.js";

/**
 * Starts the ARI test server in its own process (for benchmarks) and prints one JSON line with
 * its URL on stdout once it listens.
 */
async function main(argv: string[]): Promise<void> {
  let options: CliOptions | "help";

  try {
    options = parseCliOptions(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${CLI_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${CLI_USAGE}\n`);
    return;
  }

  const server = await AriTestServer.start({ port: options.port, users: options.users, clock: new ScaledClock(options.scale) });

  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port, app: options.app })}\n`);
  startCallsWhenConnected(server, options);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close().then(() => process.exit(0));
    });
  }
}

/** Starts `--calls` inbound calls, `--interval` apart, once the application has a WebSocket. */
function startCallsWhenConnected(server: AriTestServer, options: CliOptions): void {
  if (options.calls === 0) return;

  const poll = setInterval(() => {
    if (!server.control.isConnected(options.app)) return;
    clearInterval(poll);
    for (let index = 0; index < options.calls; index++) {
      server.core.after(index * options.intervalMs, () => {
        server.control.startInboundCall({
          app: options.app,
          extension: options.extension,
          callerNumber: String(1000 + index),
          script: options.hangupAfterMs > 0 ? [{ atMs: options.hangupAfterMs, hangup: true }] : [],
        });
      });
    }
  }, 20);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`ARI test server failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
