import iconv from "iconv-lite";

import { correlationId } from "../../src/connectors/socket/correlation.js";

describe("correlationId", () => {
  test("JSON path", () => {
    expect(correlationId(Buffer.from('{"header":{"seq":42}}'), { type: "json", path: "header.seq" }, "utf8")).toBe("42");
  });

  test("JSON path missing", () => {
    expect(correlationId(Buffer.from('{"header":{}}'), { type: "json", path: "header.seq" }, "utf8")).toBeUndefined();
  });

  test("JSON path through a non-object", () => {
    expect(correlationId(Buffer.from('{"header":"x"}'), { type: "json", path: "header.length" }, "utf8")).toBeUndefined();
  });

  test("not JSON", () => {
    expect(correlationId(Buffer.from("SEQ=1"), { type: "json", path: "seq" }, "utf8")).toBeUndefined();
  });

  test("byte slice after GBK text", () => {
    const message = Buffer.concat([iconv.encode("查询", "gbk"), Buffer.from("000123|rest")]);

    expect(correlationId(message, { type: "slice", start: 4, length: 6 }, "gbk")).toBe("000123");
  });

  test("slice past the end", () => {
    expect(correlationId(Buffer.from("abc"), { type: "slice", start: 2, length: 6 }, "utf8")).toBeUndefined();
  });

  test("pattern group", () => {
    expect(correlationId(Buffer.from("TXN|SEQ=00981|OK"), { type: "pattern", pattern: "SEQ=(\\d+)" }, "utf8")).toBe("00981");
  });
});
