/**
 * Output streams and working folder of a command. `main` takes them as a parameter, so tests
 * run commands in process and read what they printed.
 */
export interface CliIo {
  /** Writes text to standard output; the text carries its own newlines. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Folder that relative file paths start from. Default: the process's working directory. */
  cwd?: string;
}

/** Returns the process's own streams and working directory. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
  };
}
