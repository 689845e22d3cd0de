import { hashPassword, verifyPassword } from "../src/password.js";

// Full-cost hashes take about 0.4 s each; the cases that do not test the default use less.
const CHEAP = { cost: 2 ** 10, blockSize: 8, parallelization: 1 };

describe("hashPassword", () => {
  it("verifies the password at the default cost", async () => {
    const stored = await hashPassword("correct horse battery staple");

    expect(stored).toMatch(/^scrypt\$N=131072,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
  });

  it("rejects a wrong password", async () => {
    const stored = await hashPassword("密碼一二三", CHEAP);

    expect(await verifyPassword("密碼一二四", stored)).toBe(false);
  });

  it("salts each hash", async () => {
    const first = await hashPassword("same", CHEAP);
    const second = await hashPassword("same", CHEAP);

    expect(first).not.toBe(second);
  });

  it("treats canonically equivalent Unicode as the same password", async () => {
    // "é" as one code point, then as "e" with a combining accent.
    const stored = await hashPassword("caf\u00e9", CHEAP);

    expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it.each(["", "placeholder", "scrypt$N=1024$abc$def", "bcrypt$2b$10$abc"])("matches nothing against %j", async (stored) => {
    expect(await verifyPassword("anything", stored)).toBe(false);
  });
});
