import { z } from "zod";

import { normalizeNumber } from "./directory.js";

// YAML reads an unquoted 0800123456 as the integer 800123456, dropping the leading zero, so a
// number that arrives as a number is rejected with the quoting fix rather than converted.
const telephoneNumber = (field: string) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (typeof value === "number") {
        ctx.addIssue({ code: "custom", message: `${field} was read as a number (${value}); quote it, such as "0800123456", so leading zeros and + are kept` });
      } else if (typeof value !== "string") {
        ctx.addIssue({ code: "custom", message: `${field} is missing; write it as a quoted string such as "0800123456"` });
      } else if (!/^\+?[0-9]{2,32}$/.test(normalizeNumber(value))) {
        ctx.addIssue({ code: "custom", message: `${field} "${value}" is not a telephone number; use 2-32 digits with an optional leading +, such as "+886227001234"` });
      }
    })
    .transform((value) => normalizeNumber(value as string));

const name = (field: string, example: string) =>
  z.string({ error: `${field} is missing; add it, such as ${example}` }).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
    message: `${field} may contain letters, digits, "_", "-" and "." only, such as ${example}`,
  });

/** One number of a directory file. Unknown fields are rejected so that a typo does not pass. */
export const directoryEntrySchema = z.strictObject({
  number: telephoneNumber("number"),
  tenantId: name("tenantId", "demo-bank"),
  flow: name("flow", "bank-hotline"),
  callerId: telephoneNumber("callerId").optional(),
  quotas: z.strictObject({
    maxConcurrentCalls: z
      .number({ error: "maxConcurrentCalls is missing; set the number of calls allowed at once, such as 30" })
      .int("maxConcurrentCalls must be a whole number")
      .min(1, "maxConcurrentCalls must be at least 1"),
  }, { error: (issue) => (issue.code === "invalid_type" ? "quotas is missing; add quotas: { maxConcurrentCalls: 30 }" : undefined) }),
});

/**
 * A directory file: the called numbers that the runtime answers.
 *
 * @example
 * numbers:
 *   - number: "0800123456"
 *     tenantId: demo-bank
 *     flow: bank-hotline
 *     callerId: "0227001234"
 *     quotas: { maxConcurrentCalls: 30 }
 */
export const directoryFileSchema = z.strictObject(
  {
    numbers: z.array(directoryEntrySchema, { error: "numbers is missing; list the called numbers under numbers:" }),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "the file must contain a numbers: list of entries" : undefined) },
);

export type DirectoryFile = z.output<typeof directoryFileSchema>;
