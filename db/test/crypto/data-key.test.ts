import { randomBytes } from "node:crypto";

import { decryptAesGcm, encryptAesGcm } from "../../src/crypto/aes-gcm.js";
import { generateDataKey, unwrapDataKey, wrapDataKey } from "../../src/crypto/data-key.js";
import { DecryptionError } from "../../src/errors.js";

const TENANT = "0f8fad5b-d9cb-469f-a165-70867728950e";
const OTHER_TENANT = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

describe("wrapDataKey", () => {
  it("round-trips a data key", () => {
    const masterKey = randomBytes(32);
    const dataKey = generateDataKey();

    expect(unwrapDataKey(masterKey, wrapDataKey(masterKey, dataKey, TENANT), TENANT)).toEqual(dataKey);
  });

  it("does not contain the data key in clear", () => {
    const masterKey = randomBytes(32);
    const dataKey = generateDataKey();

    expect(wrapDataKey(masterKey, dataKey, TENANT).includes(dataKey)).toBe(false);
  });

  it("fails to unwrap with another master key", () => {
    const wrapped = wrapDataKey(randomBytes(32), generateDataKey(), TENANT);

    expect(() => unwrapDataKey(randomBytes(32), wrapped, TENANT)).toThrow(DecryptionError);
  });

  it("fails to unwrap for another tenant", () => {
    const masterKey = randomBytes(32);
    const wrapped = wrapDataKey(masterKey, generateDataKey(), TENANT);

    expect(() => unwrapDataKey(masterKey, wrapped, OTHER_TENANT)).toThrow(`failed to decrypt the data key of tenant ${OTHER_TENANT}`);
  });

  it("rejects bytes of another length", () => {
    const masterKey = randomBytes(32);

    expect(() => unwrapDataKey(masterKey, Buffer.alloc(10), TENANT)).toThrow(/unknown format/);
  });
});

describe("encryptAesGcm", () => {
  const key = randomBytes(32);
  const context = Buffer.from("row 1");

  it("round-trips a value", () => {
    const sealed = encryptAesGcm(key, Buffer.from("A123456789"), context);

    expect(decryptAesGcm(key, sealed, context, "value").toString()).toBe("A123456789");
  });

  it("uses a fresh IV for each encryption", () => {
    const first = encryptAesGcm(key, Buffer.from("same"), context);
    const second = encryptAesGcm(key, Buffer.from("same"), context);

    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
  });

  it("detects a changed ciphertext", () => {
    const sealed = encryptAesGcm(key, Buffer.from("A123456789"), context);
    sealed.ciphertext[0] ^= 1;

    expect(() => decryptAesGcm(key, sealed, context, "value")).toThrow(DecryptionError);
  });

  it("detects other associated data", () => {
    const sealed = encryptAesGcm(key, Buffer.from("A123456789"), context);

    expect(() => decryptAesGcm(key, sealed, Buffer.from("row 2"), "value")).toThrow(DecryptionError);
  });
});
