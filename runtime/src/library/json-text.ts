/**
 * Parses JSON text. On a syntax error it throws a SyntaxError whose message adds the line and
 * column to the position that V8 reports, so a person can find the mistake in an editor.
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(describeJsonError(text, error as Error), { cause: error });
  }
}

/**
 * The parser's message on one line, with `(line L, column C)` added when it gives a position.
 * V8 quotes the text around some mistakes with its newlines, which would break a log line.
 */
export function describeJsonError(text: string, error: Error): string {
  const message = error.message.replace(/\s*\n\s*/g, " ");
  const match = /position (\d+)/.exec(message);

  if (match === null || /\(line \d+ column \d+\)/.test(message)) return message;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  const column = position - before.lastIndexOf("\n");

  return `${message} (line ${line}, column ${column})`;
}
