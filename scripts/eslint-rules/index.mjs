// The project's own ESLint rules, registered in eslint.config.mjs under the `callflow` prefix.
import { kebabCaseFileName } from "./kebab-case-file-name.mjs";
import { noAnyOutsideTypeArguments } from "./no-any-outside-type-arguments.mjs";

export default {
  meta: { name: "callflow" },
  rules: {
    "kebab-case-file-name": kebabCaseFileName,
    "no-any-outside-type-arguments": noAnyOutsideTypeArguments,
  },
};
