import { readFileSync } from "node:fs";
import path from "node:path";

import { LOCALES } from "../src/i18n/locales";

type Catalogue = { [key: string]: string | Catalogue };

function readCatalogue(locale: string): Catalogue {
  return JSON.parse(readFileSync(path.join(__dirname, "..", "messages", `${locale}.json`), "utf8")) as Catalogue;
}

// Flattens a catalogue to its message keys (`editor.save`) and their texts.
function flatten(catalogue: Catalogue, prefix = ""): Map<string, string> {
  const entries = new Map<string, string>();

  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "string") entries.set(prefix + key, value);
    else for (const [nested, text] of flatten(value, `${prefix}${key}.`)) entries.set(nested, text);
  }
  return entries;
}

// Returns the index after the brace that closes the one at `start`.
function closingBrace(text: string, start: number): number {
  let depth = 0;

  for (let index = start; index < text.length; index += 1) {
    if (text[index] === "{") depth += 1;
    if (text[index] === "}") depth -= 1;
    if (depth === 0) return index + 1;
  }
  throw new Error(`unbalanced braces in message: ${text}`);
}

// Names of the ICU arguments of a message, such as {version}, including those inside the
// branches of select and plural arguments but not the branch selectors or texts.
function argumentsOf(text: string, found = new Set<string>()): string[] {
  let index = 0;

  while (index < text.length) {
    if (text[index] !== "{") {
      index += 1;
      continue;
    }
    const end = closingBrace(text, index);
    const [name, type] = text.slice(index + 1, end - 1).split(",").map((part) => part.trim());
    found.add(name);

    if (type === "select" || type === "plural") {
      const body = text.slice(index + 1, end - 1);
      const branches = body.slice(body.indexOf(type) + type.length + 1);
      for (const branch of branches.matchAll(/\{/g)) {
        const branchEnd = closingBrace(branches, branch.index);
        argumentsOf(branches.slice(branch.index + 1, branchEnd - 1), found);
      }
    }
    index = end;
  }
  return [...found].sort();
}

// Text of a message outside its arguments.
function literalText(text: string): string {
  return text.replace(/\{[^{}]*\}/g, "");
}

const english = flatten(readCatalogue("en"));

describe("message catalogues", () => {
  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has the English keys", (locale) => {
    const keys = [...flatten(readCatalogue(locale)).keys()].sort();

    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES)("%s has no empty message", (locale) => {
    const empty = [...flatten(readCatalogue(locale))].filter(([, text]) => text.trim() === "").map(([key]) => key);

    expect(empty).toEqual([]);
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s uses the English arguments", (locale) => {
    const catalogue = flatten(readCatalogue(locale));
    const mismatched = [...english].filter(([key, text]) => argumentsOf(text).join() !== argumentsOf(catalogue.get(key) ?? "").join()).map(([key]) => key);

    expect(mismatched).toEqual([]);
  });

  it.each(["zh-Hans", "zh-Hant"])("%s differs from English", (locale) => {
    const catalogue = flatten(readCatalogue(locale));
    // Locale names are written in their own language in every catalogue.
    const same = [...english].filter(([key, text]) => !key.startsWith("locale.") && catalogue.get(key) === text && /[A-Za-z]{3}/.test(literalText(text))).map(([key]) => key);

    expect(same).toEqual([]);
  });
});
