import { localeFromAcceptLanguage } from "../../src/api/accept-language.js";

describe("localeFromAcceptLanguage", () => {
  it.each([
    ["zh-TW", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["zh-Hant-TW", "zh-Hant"],
    ["zh-CN", "zh-Hans"],
    ["zh", "zh-Hans"],
    ["zh-Hans-SG", "zh-Hans"],
    ["en-GB", "en"],
  ])("maps %s to %s", (header, locale) => {
    expect(localeFromAcceptLanguage(header)).toBe(locale);
  });

  it("follows quality values", () => {
    expect(localeFromAcceptLanguage("en;q=0.4, zh-TW;q=0.8")).toBe("zh-Hant");
  });

  it("skips languages it has no locale for", () => {
    expect(localeFromAcceptLanguage("fr-FR, de;q=0.9, zh-CN;q=0.5")).toBe("zh-Hans");
  });

  it("ignores a language with quality 0", () => {
    expect(localeFromAcceptLanguage("zh-TW;q=0, en;q=0.1")).toBe("en");
  });

  it("returns undefined without a known language", () => {
    expect(localeFromAcceptLanguage("fr")).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
