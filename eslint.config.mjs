// Lint for every package: ESLint's and typescript-eslint's recommended rules (without type
// information, so `eslint .` stays fast) plus the project's own rules in scripts/eslint-rules/.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";

import callflow from "./scripts/eslint-rules/index.mjs";

export default defineConfig(
  globalIgnores([
    "**/node_modules/",
    "**/dist/",
    "**/.next/",
    "**/.next-e2e/",
    "**/.turbo/",
    "**/coverage/",
    "runtime/bench/peer/",
    "artifacts/",
  ]),
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.cjs"],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    plugins: { callflow },
    rules: {
      "callflow/kebab-case-file-name": "error",
      // Replaced by the narrower rule below, which still allows `NodeSpec<any, any>`.
      "@typescript-eslint/no-explicit-any": "off",
      "callflow/no-any-outside-type-arguments": "error",
    },
  },
  {
    files: ["**/*.mjs", "**/*.cjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // The studio runs in the browser, and its Next.js config and scripts run in Node.js.
    files: ["studio/**/*.ts", "studio/**/*.tsx"],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    // In CommonJS files `require` is the module system, not a style choice.
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
