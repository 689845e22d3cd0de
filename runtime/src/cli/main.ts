// Entry point of the `callflow` command (runtime/bin/callflow.cjs starts this file). The command
// itself is `main` in program.ts, which tests call in process.
import { processIo } from "./io.js";
import { main, reportUnexpectedError } from "./program.js";

const io = processIo();

// A reader such as `head` may close the pipe before the output ends; the rest is not wanted.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportUnexpectedError(error, io);
  },
);
