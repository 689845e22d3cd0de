// Reports a source file whose name is not kebab-case. Each dot-separated part of the name must be
// lowercase words and digits joined by single hyphens, so `call-control.ts`, `browser-bundle.test.ts`
// and `jest.config.cjs` pass, while `callControl.ts` and `call_control.ts` do not. Only the file
// name is checked, not the folders above it.
import path from "node:path";

const KEBAB_PART = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Returns true when every dot-separated part of `fileName` is kebab-case, after one optional leading dot. */
export function isKebabCaseFileName(fileName) {
  const name = fileName.startsWith(".") ? fileName.slice(1) : fileName;

  return name.split(".").every((part) => KEBAB_PART.test(part));
}

/** Converts camelCase, PascalCase, snake_case and spaced names to kebab-case, keeping the dots. */
export function toKebabCase(fileName) {
  return fileName
    .split(".")
    .map((part) =>
      part
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
        .replace(/[_\s]+/g, "-")
        .replace(/-+/g, "-")
        .replace(/^-|-$/g, "")
        .toLowerCase(),
    )
    .join(".");
}

export const kebabCaseFileName = {
  meta: {
    type: "suggestion",
    docs: { description: "Require kebab-case source file names" },
    schema: [],
    messages: {
      notKebabCase: 'File name "{{name}}" is not kebab-case. Rename it to "{{suggestion}}".',
    },
  },
  create(context) {
    const name = path.basename(context.filename);

    return {
      Program(node) {
        if (isKebabCaseFileName(name)) {
          return;
        }

        context.report({
          node,
          loc: { line: 1, column: 0 },
          messageId: "notKebabCase",
          data: { name, suggestion: toKebabCase(name) },
        });
      },
    };
  },
};
