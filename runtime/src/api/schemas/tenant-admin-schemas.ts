import { TENANT_PERMISSIONS, TENANT_ROLE_NAMES } from "@callflow/db";
import { calendarSchema, INTERFACE_LOCALES, isValidTimeZone, spokenLanguageSchema } from "@callflow/sdk";
import { z } from "zod";

import { idSchema, timestampSchema } from "./common-schemas.js";

const localeSchema = z.enum(INTERFACE_LOCALES);
const nameSchema = z.string().trim().min(1).max(200);

/** A password as an administrator sets it. */
const passwordSchema = z.string().min(12, "at least 12 characters").max(200);

export const userSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  locale: localeSchema.nullable().describe("The user's own locale; null means the browser's or the tenant's"),
  roles: z.array(z.enum(TENANT_ROLE_NAMES as [string, ...string[]])),
  customRoleIds: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: timestampSchema,
});

export const userListSchema = z.object({ items: z.array(userSchema) });

export const createUserSchema = z
  .object({
    login: z.string().trim().min(1).max(200),
    displayName: nameSchema,
    password: passwordSchema,
    roles: z.array(z.enum(TENANT_ROLE_NAMES as [string, ...string[]])).default([]),
    customRoleIds: z.array(idSchema).default([]),
    locale: localeSchema.optional(),
  })
  .strict();

export const updateUserSchema = z
  .object({
    displayName: nameSchema.optional(),
    roles: z.array(z.enum(TENANT_ROLE_NAMES as [string, ...string[]])).optional(),
    customRoleIds: z.array(idSchema).optional(),
    locale: localeSchema.nullable().optional().describe("null goes back to the tenant's default locale"),
  })
  .strict();

export const resetPasswordSchema = z.object({ password: passwordSchema }).strict();

export const updateOwnLocaleSchema = z.object({ locale: localeSchema.nullable().describe("null follows the browser, then the tenant") }).strict();

const permissionSchema = z.enum(TENANT_PERMISSIONS);

export const customRoleSchema = z.object({ id: z.string(), name: z.string(), permissions: z.array(permissionSchema), createdAt: timestampSchema });

export const roleCatalogueSchema = z.object({
  permissions: z.array(permissionSchema).describe("Every permission a custom role may contain"),
  builtIn: z.array(z.object({ name: z.string(), permissions: z.array(permissionSchema) })),
  custom: z.array(customRoleSchema),
});

export const createRoleSchema = z.object({ name: nameSchema, permissions: z.array(permissionSchema).min(1) }).strict();

export const updateRoleSchema = z.object({ name: nameSchema.optional(), permissions: z.array(permissionSchema).min(1).optional() }).strict();

export const promptSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string().describe("Spoken language, such as cmn, yue or en"),
  kind: z.enum(["audio", "tts"]),
  audioUri: z.string().nullable(),
  ttsText: z.string().nullable(),
  audioContentType: z.string().nullable().describe("Media type of the uploaded audio file; null when none was uploaded"),
  audioBytes: z.number().int().nullable(),
  updatedAt: timestampSchema,
});

export const promptListSchema = z.object({ items: z.array(promptSchema) });

const ttsTextSchema = z.string().trim().min(1).max(5000);
const audioUriSchema = z.string().trim().min(1).max(1000).describe("Location of a recorded file, such as sound:custom/welcome");

export const createPromptSchema = z.union([
  z.object({ name: nameSchema, language: spokenLanguageSchema, ttsText: ttsTextSchema }).strict(),
  z.object({ name: nameSchema, language: spokenLanguageSchema, audioUri: audioUriSchema }).strict(),
]);

export const updatePromptSchema = z.union([z.object({ ttsText: ttsTextSchema }).strict(), z.object({ audioUri: audioUriSchema }).strict()]);

// Whether a YYYY-MM-DD text names a day of the Gregorian calendar, such as not 2026-02-30.
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split("-").map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));

  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** A calendar definition: the flow library's format, with real dates, each at most once. */
export const calendarDefinitionSchema = calendarSchema.superRefine((calendar, context) => {
  const seen = new Set<string>();

  calendar.days.forEach((day, index) => {
    if (!isCalendarDate(day.date)) {
      context.addIssue({ code: "custom", path: ["days", index, "date"], message: `${day.date} is not a date of the calendar; check the month and day` });
    }
    if (seen.has(day.date)) {
      context.addIssue({ code: "custom", path: ["days", index, "date"], message: `${day.date} is listed twice; merge the two entries` });
    }
    seen.add(day.date);
  });
});

const timeZoneSchema = z.string().refine(isValidTimeZone, { message: "an IANA time zone name, such as Asia/Taipei" });

export const calendarDetailSchema = z.object({ id: z.string(), name: z.string(), timeZone: z.string(), definition: calendarSchema, updatedAt: timestampSchema });

export const calendarListSchema = z.object({ items: z.array(calendarDetailSchema) });

export const createCalendarSchema = z.object({ name: nameSchema, timeZone: timeZoneSchema, definition: calendarDefinitionSchema }).strict();

export const updateCalendarSchema = z.object({ name: nameSchema.optional(), timeZone: timeZoneSchema.optional(), definition: calendarDefinitionSchema.optional() }).strict();

export const tenantSettingsSchema = z.object({
  name: z.string(),
  defaultLocale: localeSchema,
  sensitiveDataEncryption: z.boolean().describe("When true, sensitive values of new calls are stored encrypted"),
});

export const updateTenantSettingsSchema = z
  .object({ defaultLocale: localeSchema.optional(), sensitiveDataEncryption: z.boolean().optional() })
  .strict();
