import { fork, type ChildProcess, type ForkOptions } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

const REGISTER_HOOKS = path.join(__dirname, "register-hooks.mjs");

/** Starts a TypeScript file of this repository in a child Node.js process, with an IPC channel. */
export function forkTypeScript(file: string, args: string[] = [], options: ForkOptions = {}): ChildProcess {
  return fork(file, args, { ...options, execArgv: ["--no-node-snapshot", "--import", REGISTER_HOOKS], stdio: ["pipe", "pipe", "pipe", "ipc"] });
}

/** Resolves with the first line the child prints, or rejects when it exits first. */
export function firstLine(child: ChildProcess): Promise<string> {
  const errors: string[] = [];

  child.stderr?.on("data", (chunk: Buffer) => errors.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });

    lines.once("line", (line) => {
      lines.close();
      resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`the child process exited with code ${code} before printing a line:\n${errors.join("")}`)));
  });
}

/** Resolves with the exit code once the child has exited. */
export function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}
