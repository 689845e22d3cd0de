// Stops the server that global-setup.cjs started and removes its data.
const { rmSync } = require("node:fs");

module.exports = async function globalTeardown() {
  const started = globalThis.__callflowTestPostgres;

  if (!started) {
    return;
  }
  await started.server.stop();
  rmSync(started.parent, { recursive: true, force: true });
};
