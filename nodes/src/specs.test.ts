import { builtinSpecs } from "./specs.js";
import { builtinNodes } from "./index.js";

const HAN = /\p{Script=Han}/u;

describe("built-in node specs", () => {
  it.each(builtinSpecs.map((spec) => [spec.type, spec] as const))("%s has a title and description in every interface locale", (_type, spec) => {
    for (const text of [spec.title, spec.description]) {
      expect(text.en.length).toBeGreaterThan(0);
      expect(text["zh-Hans"]).toMatch(HAN);
      expect(text["zh-Hant"]).toMatch(HAN);
    }
  });

  it.each(builtinSpecs.map((spec) => [spec.type, spec] as const))("%s titles its ports in every interface locale", (_type, spec) => {
    for (const title of Object.values(spec.portTitles ?? {})) {
      expect(title.en.length).toBeGreaterThan(0);
      expect(title["zh-Hans"]).toMatch(HAN);
      expect(title["zh-Hant"]).toMatch(HAN);
    }
  });

  it("registers every spec with a run function", () => {
    expect(builtinNodes.map((node) => node.spec.type).sort()).toEqual(builtinSpecs.map((spec) => spec.type).sort());
  });

  it("names each type once", () => {
    expect(new Set(builtinSpecs.map((spec) => spec.type)).size).toBe(builtinSpecs.length);
  });
});
