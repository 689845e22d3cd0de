// The benchmark's handle on the ARI test server process (server-process.mjs).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(new URL("./server-process.mjs", import.meta.url));
const COMMAND_TIMEOUT_MS = 30_000;

/** Forks the test server process and starts the server in it. */
export async function startServerProcess({ users, sounds }) {
  const child = fork(SCRIPT, [], { execArgv: ["--no-node-snapshot"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const handle = new ServerProcess(child);

  await handle.ready;
  const { url } = await handle.send("start", { users, sounds });

  handle.url = url;
  return handle;
}

class ServerProcess {
  constructor(child) {
    this.child = child;
    this.pid = child.pid;
    this.url = undefined;
    this.nextId = 1;
    this.pending = new Map();
    this.ready = new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the ARI test server process exited with code ${code} before it was ready`)));
      child.on("message", (message) => {
        if (message.ready) resolve();
        else this.settle(message);
      });
    });
    child.on("exit", (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`the ARI test server process exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  /** Sends a command and resolves with its result. Rejects when the process reports an error or does not reply in time. */
  send(command, args) {
    const id = this.nextId++;

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the ARI test server process did not reply to ${command} within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);

      this.pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.child.send({ id, command, args });
    });
  }

  settle({ id, result, error }) {
    const pending = this.pending.get(id);

    if (!pending) return;
    this.pending.delete(id);
    if (error) pending.reject(new Error(`ARI test server process: ${error}`));
    else pending.resolve(result);
  }

  /** Closes the server and waits for the process to exit. */
  async close() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once("exit", resolve));

    await this.send("close").catch(() => this.child.kill());
    await exited;
  }
}
