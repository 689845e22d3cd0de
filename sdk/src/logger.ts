/**
 * The logging interface that nodes and the interpreter receive. It is the subset of pino's
 * logger they use, so the runtime passes a pino child logger and tests pass {@link silentLogger}.
 * Messages are fixed text; variable parts go in the object.
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};

/** A logger that keeps records in memory, for tests that assert on logging. */
export class MemoryLogger implements Logger {
  readonly records: Array<{ level: string; message: string; fields: Record<string, unknown> }>;
  private readonly bindings: Record<string, unknown>;

  constructor(bindings: Record<string, unknown> = {}, records: MemoryLogger["records"] = []) {
    this.bindings = bindings;
    this.records = records;
  }

  debug(fields: Record<string, unknown>, message: string): void {
    this.push("debug", fields, message);
  }

  info(fields: Record<string, unknown>, message: string): void {
    this.push("info", fields, message);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.push("warn", fields, message);
  }

  error(fields: Record<string, unknown>, message: string): void {
    this.push("error", fields, message);
  }

  child(bindings: Record<string, unknown>): Logger {
    return new MemoryLogger({ ...this.bindings, ...bindings }, this.records);
  }

  private push(level: string, fields: Record<string, unknown>, message: string): void {
    this.records.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
}
