#!/usr/bin/env node
// Starts the callflow CLI in a child Node.js process with --no-node-snapshot, which isolated-vm
// requires on Node.js 20 and newer. A shebang cannot pass that flag portably (`env` splits no
// arguments on Linux without -S), hence this shim.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const entry = path.join(__dirname, "..", "dist", "cli", "main.js");

if (!fs.existsSync(entry)) {
  console.error(`callflow: the CLI is not built (${entry} is missing).`);
  console.error("Run `npm install` (which builds it) or `npm run build` from the repository root.");
  process.exit(1);
}

const child = spawn(process.execPath, ["--no-node-snapshot", entry, ...process.argv.slice(2)], { stdio: "inherit" });

// The child shares the terminal, so Ctrl-C already reaches it. Forwarding covers signals sent to
// this process alone, by `kill` or a supervisor. The handlers also keep the shim alive until the
// child has exited.
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}

child.on("error", (error) => {
  console.error(`callflow: could not start ${process.execPath}: ${error.message}`);
  process.exit(1);
});

child.on("exit", (code, signal) => {
  if (signal) {
    process.exit(128 + os.constants.signals[signal]);
  }

  process.exit(code ?? 1);
});
