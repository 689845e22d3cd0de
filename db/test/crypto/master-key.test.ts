import { loadMasterKey, parseMasterKey } from "../../src/crypto/master-key.js";

describe("parseMasterKey", () => {
  it("decodes 32 bytes of base64", () => {
    const key = Buffer.alloc(32, 7);

    expect(parseMasterKey(key.toString("base64"))).toEqual(key);
  });

  it("ignores surrounding whitespace", () => {
    const key = Buffer.alloc(32, 9);

    expect(parseMasterKey(` ${key.toString("base64")}\n`)).toEqual(key);
  });

  it.each([
    ["missing", undefined],
    ["empty", "  "],
  ])("names the variable and how to generate a key when %s", (_case, text) => {
    expect(() => parseMasterKey(text)).toThrow(/^CALLFLOW_MASTER_KEY is not set\. Set CALLFLOW_MASTER_KEY to 32 random bytes in base64.*openssl rand -base64 32/);
  });

  it.each([
    ["16 bytes", Buffer.alloc(16).toString("base64"), "got 24 characters (16 bytes when decoded)"],
    ["33 bytes", Buffer.alloc(33).toString("base64"), "got 44 characters (33 bytes when decoded)"],
    ["base64url", Buffer.alloc(32, 0xfb).toString("base64url") + "=", "got 44 characters"],
    ["hex", Buffer.alloc(32).toString("hex"), "got 64 characters"],
  ])("rejects %s with the lengths found", (_case, text, detail) => {
    expect(() => parseMasterKey(text)).toThrow(`CALLFLOW_MASTER_KEY is invalid: expected 44 characters of standard base64 encoding 32 bytes, ${detail}`);
  });

  it("throws an error with a code", () => {
    expect(() => parseMasterKey("")).toThrow(expect.objectContaining({ code: "master-key-invalid" }));
  });
});

describe("loadMasterKey", () => {
  it("reads CALLFLOW_MASTER_KEY from the environment given", () => {
    const key = Buffer.alloc(32, 1);

    expect(loadMasterKey({ CALLFLOW_MASTER_KEY: key.toString("base64") })).toEqual(key);
  });
});
