import { dataCodingFor, MAX_SEGMENTS, SmsTooLongError, splitSms } from "../../../src/connectors/smpp/sms-encoding.js";

function textOf(parts: ReturnType<typeof splitSms>): string {
  return parts.map((part) => Buffer.from(part.shortMessage.subarray(part.hasHeader ? 6 : 0)).swap16().toString("utf16le")).join("");
}

describe("splitSms", () => {
  test("short GSM text is one part", () => {
    const parts = splitSms("Your code is 4711", 7);

    expect(parts).toHaveLength(1);
    expect(parts[0].dataCoding).toBe(0);
    expect(parts[0].hasHeader).toBe(false);
  });

  test("160 GSM characters fit one part", () => {
    expect(splitSms("x".repeat(160), 7)).toHaveLength(1);
    expect(splitSms("x".repeat(161), 7)).toHaveLength(2);
  });

  test("70 Chinese characters fit one part", () => {
    expect(splitSms("中".repeat(70), 7)).toHaveLength(1);
    expect(splitSms("中".repeat(71), 7)).toHaveLength(2);
  });

  test("segments carry the concatenation header", () => {
    const parts = splitSms("中".repeat(140), 0x1ff);

    expect(parts.map((part) => [...part.shortMessage.subarray(0, 6)])).toEqual([
      [5, 0, 3, 0xff, 3, 1],
      [5, 0, 3, 0xff, 3, 2],
      [5, 0, 3, 0xff, 3, 3],
    ]);
    expect(parts.every((part) => part.shortMessage.length <= 140)).toBe(true);
  });

  test("surrogate pair is not split", () => {
    // 66 BMP characters, then a character outside the BMP whose two halves would straddle the 67-unit cut.
    const text = "中".repeat(66) + "𠮷" + "中".repeat(10);

    const parts = splitSms(text, 1);

    expect(parts[0].shortMessage.length).toBe(6 + 66 * 2);
    expect(textOf(parts)).toBe(text);
  });

  test("GSM escape pair is not split", () => {
    // "€" is ESC 0x65 in the GSM alphabet; placed so ESC would end the first 153-octet segment.
    const parts = splitSms("x".repeat(152) + "€" + "x".repeat(20), 1);

    expect(parts[0].shortMessage.length).toBe(6 + 152);
    expect(parts[1].shortMessage.subarray(6, 8)).toEqual(Buffer.from([0x1b, 0x65]));
  });

  test("mixed text uses UCS-2", () => {
    expect(dataCodingFor("Code 4711 驗證碼")).toBe(8);
    expect(dataCodingFor("Code 4711 @ £5")).toBe(0);
  });

  test("too many segments is rejected", () => {
    expect(() => splitSms("中".repeat(67 * MAX_SEGMENTS + 1), 1)).toThrow(SmsTooLongError);
  });
});
