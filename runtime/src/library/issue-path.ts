/**
 * Formats a zod issue path the way a person writes it in JSON or YAML: `cases[2].expect.ended`.
 * The empty path is `(file)`, the whole file.
 */
export function formatIssuePath(segments: readonly PropertyKey[]): string {
  if (segments.length === 0) return "(file)";
  return segments
    .map((segment) => (typeof segment === "number" ? `[${segment}]` : `.${String(segment)}`))
    .join("")
    .replace(/^\./, "");
}
