/** An expression failed to parse or to evaluate. `code` is JSONata's error code, such as T2001. */
export class ExpressionError extends Error {
  readonly code: string;
  readonly position: number | undefined;
  readonly source: string;

  constructor(code: string, message: string, source: string, position?: number) {
    super(message);
    this.name = "ExpressionError";
    this.code = code;
    this.source = source;
    this.position = position;
  }
}
