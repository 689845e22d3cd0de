/**
 * Collects the messages sent in one turn of the event loop and writes them as one IPC message:
 * the message itself when there is one, else an array of them. Each IPC write costs the
 * sender a system call and wakes the receiver. That was about 50 µs of worker CPU per write on a
 * loaded 2-core virtual machine (Node.js 20, measured with --cpu-prof). So when many runs are in
 * flight, one write carries them all. The write happens in the event loop's check phase (setImmediate), after the
 * handlers of the current turn have queued their messages.
 */
export class MessageBatch<Message> {
  private pending: Message[] = [];
  // performance.now() when the first of the pending messages was queued.
  private pendingSince = 0;
  private readonly write: (payload: Message | Message[]) => void;

  constructor(write: (payload: Message | Message[]) => void) {
    this.write = write;
  }

  /** Queues a message for the write at the end of this turn. */
  push(message: Message): void {
    this.pending.push(message);
    if (this.pending.length === 1) {
      this.pendingSince = performance.now();
      setImmediate(this.flush);
    }
  }

  /** Milliseconds the oldest queued message has waited, or 0 when none waits. */
  waitingMs(): number {
    return this.pending.length === 0 ? 0 : performance.now() - this.pendingSince;
  }

  /** Writes the queued messages now, such as before a worker runs tenant code that may take long. */
  flushNow(): void {
    this.flush();
  }

  /** Drops the queued messages, such as when the receiving process is gone. */
  clear(): void {
    this.pending = [];
  }

  private readonly flush = (): void => {
    const messages = this.pending;

    this.pending = [];
    if (messages.length === 0) return;
    this.write(messages.length === 1 ? messages[0] : messages);
  };
}
