/** Something the phone of an inbound call received from Asterisk. */
export type RemoteEntry =
  | { at: number; kind: "ringing" | "progress" | "answered" }
  | { at: number; kind: "dtmf"; digit: string; durationMs: number }
  | { at: number; kind: "hangup"; cause: number; dialstatus: string };

/**
 * The phone behind an inbound call. It has no channel of its own in the simulation, so what it
 * would see (ringing, early media, answer, DTMF sent by the application, the hang-up cause) is
 * recorded here for tests to inspect.
 */
export class RemoteParty {
  readonly log: RemoteEntry[] = [];
  answered = false;
  ended = false;
  private readonly endWaiters: Array<(entry: RemoteEntry) => void> = [];

  constructor(private readonly now: () => number) {}

  ringing(): void {
    if (!this.answered) this.log.push({ at: this.now(), kind: "ringing" });
  }

  progress(): void {
    if (!this.answered) this.log.push({ at: this.now(), kind: "progress" });
  }

  answer(): void {
    if (this.answered) return;
    this.answered = true;
    this.log.push({ at: this.now(), kind: "answered" });
  }

  dtmf(digit: string, durationMs: number): void {
    this.log.push({ at: this.now(), kind: "dtmf", digit, durationMs });
  }

  /** Records the end of the call from the network side; `dialstatus` is what a dialing phone would report. */
  hungUp(cause: number, dialstatus: string): void {
    if (this.ended) return;

    const entry: RemoteEntry = { at: this.now(), kind: "hangup", cause, dialstatus };

    this.ended = true;
    this.log.push(entry);
    for (const waiter of this.endWaiters.splice(0)) waiter(entry);
  }

  /** Resolves with the hang-up entry once the call has ended. */
  whenEnded(): Promise<RemoteEntry> {
    const entry = this.log.find((item) => item.kind === "hangup");

    if (entry) return Promise.resolve(entry);
    return new Promise((resolve) => this.endWaiters.push(resolve));
  }
}
