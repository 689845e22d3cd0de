import { z } from "zod";

import type { InterfaceLocale } from "./locale.js";

/**
 * Zod's own messages in the Chinese interface locales, for validation failures that are shown
 * to people. A message that a schema sets itself stays as the schema wrote it.
 */
export const ZOD_MESSAGES: Readonly<Partial<Record<InterfaceLocale, { localeError: z.core.$ZodErrorMap }>>> = {
  "zh-Hans": z.locales.zhCN(),
  "zh-Hant": z.locales.zhTW(),
};

/**
 * Validates `input` again in each Chinese locale and returns each locale's issues, in the order
 * of the English ones. Called only after a validation failed, so the valid path costs nothing.
 */
export function localizedIssues(schema: z.ZodType, input: unknown): Partial<Record<InterfaceLocale, z.core.$ZodIssue[]>> {
  const issues: Partial<Record<InterfaceLocale, z.core.$ZodIssue[]>> = {};

  for (const [locale, messages] of Object.entries(ZOD_MESSAGES) as Array<[InterfaceLocale, { localeError: z.core.$ZodErrorMap }]>) {
    const again = schema.safeParse(input, { error: messages.localeError });

    if (!again.success) issues[locale] = again.error.issues;
  }
  return issues;
}
