import type { InterfaceLocale } from "@callflow/sdk";

// Language tags map to interface locales by their script, or by the region's usual script when
// the tag has none: Taiwan, Hong Kong and Macau write Traditional characters.
function localeOfTag(tag: string): InterfaceLocale | undefined {
  const parts = tag.toLowerCase().split("-");

  if (parts[0] === "en") {
    return "en";
  }
  if (parts[0] !== "zh") {
    return undefined;
  }
  if (parts.includes("hant") || parts.some((part) => ["tw", "hk", "mo"].includes(part))) {
    return "zh-Hant";
  }
  return "zh-Hans";
}

/**
 * Returns the interface locale that an Accept-Language header prefers, by quality value, or
 * undefined when it names none of `en`, `zh-Hans` and `zh-Hant` (or their regional forms).
 *
 * @example localeFromAcceptLanguage("zh-TW,zh;q=0.9,en;q=0.8") // "zh-Hant"
 */
export function localeFromAcceptLanguage(header: string | undefined): InterfaceLocale | undefined {
  if (!header) {
    return undefined;
  }

  const ranked = header
    .split(",")
    .map((entry, index) => {
      const [tag, ...parameters] = entry.trim().split(";");
      const quality = parameters.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((q) => q !== undefined);

      return { locale: localeOfTag(tag.trim()), quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter((entry) => entry.locale !== undefined && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);

  return ranked[0]?.locale;
}
