import { z } from "zod";

/** Interface locales of people: screens, node titles, messages. */
export const INTERFACE_LOCALES = ["en", "zh-Hans", "zh-Hant"] as const;

/** An interface locale: `en`, `zh-Hans` or `zh-Hant`. */
export type InterfaceLocale = (typeof INTERFACE_LOCALES)[number];

/**
 * Text in each interface locale. English is required because it is the fallback.
 *
 * @example { en: "Main menu", "zh-Hans": "主菜单", "zh-Hant": "主選單" }
 */
export const localizedTextSchema = z.object({
  en: z.string().min(1),
  "zh-Hans": z.string().min(1).optional(),
  "zh-Hant": z.string().min(1).optional(),
});

/** Text in each interface locale; see {@link localizedTextSchema}. */
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/**
 * Spoken-language tags of prompts, from ISO 639-3: `cmn` Mandarin, `yue` Cantonese, `en`
 * English. Flows may declare other tags of the same form.
 */
export const spokenLanguageSchema = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "a spoken-language tag such as cmn, yue or en");

/** A spoken-language tag such as `cmn`, `yue` or `en`. */
export type SpokenLanguage = string;

/**
 * Picks the text for a locale, falling back from `zh-Hant` to `zh-Hans` and from either to
 * English (and the reverse between the two Chinese scripts, which readers of one can read).
 *
 * @example pickLocalized({ en: "Menu", "zh-Hant": "選單" }, "zh-Hans") // "選單"
 */
export function pickLocalized(text: LocalizedText, locale: InterfaceLocale): string {
  if (locale === "zh-Hant") return text["zh-Hant"] ?? text["zh-Hans"] ?? text.en;
  if (locale === "zh-Hans") return text["zh-Hans"] ?? text["zh-Hant"] ?? text.en;
  return text.en;
}
