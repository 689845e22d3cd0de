/** Exit code of a command that ran and found nothing wrong. */
export const EXIT_OK = 0;
/** Exit code of a command that ran and found a failure: a flow problem, a failed test, a missing file. */
export const EXIT_FAILURE = 1;
/** Exit code of a command line that is wrong: an unknown option or a bad option value. */
export const EXIT_USAGE = 2;

/** A wrong command line. The message states what is wrong and how to write it instead. */
export class UsageError extends Error {
  /** The command the error concerns, such as `run`, for the pointer to its help. */
  readonly command: string | undefined;

  constructor(message: string, command?: string) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}
