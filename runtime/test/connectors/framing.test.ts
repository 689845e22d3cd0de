import type { Framing } from "@callflow/nodes";

import { encodeFrame, FrameDecoder } from "../../src/connectors/socket/framing.js";
import { FrameError } from "../../src/connectors/socket/socket-errors.js";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s/g, ""), "hex");

describe("encodeFrame", () => {
  test.each<[string, Framing, string]>([
    ["delimiter", { type: "delimiter", delimiter: "\r\n" }, "616263 0d0a"],
    ["2-byte big-endian length", { type: "length", headerBytes: 2, byteOrder: "big", includesHeader: false }, "0003 616263"],
    ["2-byte little-endian length", { type: "length", headerBytes: 2, byteOrder: "little", includesHeader: false }, "0300 616263"],
    ["4-byte big-endian length with header", { type: "length", headerBytes: 4, byteOrder: "big", includesHeader: true }, "00000007 616263"],
    ["4-byte little-endian length", { type: "length", headerBytes: 4, byteOrder: "little", includesHeader: false }, "03000000 616263"],
    ["fixed length with padding", { type: "fixed", length: 6, padding: "0" }, "616263 303030"],
  ])("%s", (_name, framing, expected) => {
    expect(encodeFrame(Buffer.from("abc"), framing, "utf8")).toEqual(bytes(expected));
  });

  test("GBK delimiter is encoded too", () => {
    expect(encodeFrame(Buffer.from("a"), { type: "delimiter", delimiter: "。" }, "gbk")).toEqual(bytes("61 a1a3"));
  });

  test("message containing the delimiter is rejected", () => {
    expect(() => encodeFrame(Buffer.from("a\nb"), { type: "delimiter", delimiter: "\n" }, "utf8")).toThrow(FrameError);
  });

  test("message longer than a fixed frame is rejected", () => {
    expect(() => encodeFrame(Buffer.from("abcdefg"), { type: "fixed", length: 6 }, "utf8")).toThrow("more than the fixed frame length of 6");
  });

  test("message too long for a 2-byte header is rejected", () => {
    const framing: Framing = { type: "length", headerBytes: 2, byteOrder: "big", includesHeader: true };

    expect(() => encodeFrame(Buffer.alloc(65_534), framing, "utf8")).toThrow("more than a 2-byte length header can count");
  });
});

describe("FrameDecoder", () => {
  test("delimiter frames split across chunks", () => {
    const decoder = new FrameDecoder({ type: "delimiter", delimiter: "\r\n" }, "utf8");

    expect(decoder.push(Buffer.from("one\r"))).toEqual([]);
    expect(decoder.push(Buffer.from("\ntwo\r\nthr")).map(String)).toEqual(["one", "two"]);
    expect(decoder.pending).toBe(3);
  });

  test("length frames one byte at a time", () => {
    const decoder = new FrameDecoder({ type: "length", headerBytes: 4, byteOrder: "little", includesHeader: true }, "utf8");
    const stream = Buffer.concat([bytes("07000000 616263"), bytes("06000000 7879")]);
    const frames = [...stream].flatMap((byte) => decoder.push(Buffer.from([byte])));

    expect(frames.map(String)).toEqual(["abc", "xy"]);
  });

  test("empty length frame", () => {
    const decoder = new FrameDecoder({ type: "length", headerBytes: 2, byteOrder: "big", includesHeader: false }, "utf8");

    expect(decoder.push(bytes("0000 0001 61"))).toEqual([Buffer.alloc(0), Buffer.from("a")]);
  });

  test("fixed frames", () => {
    const decoder = new FrameDecoder({ type: "fixed", length: 2 }, "utf8");

    expect(decoder.push(Buffer.from("abcde")).map(String)).toEqual(["ab", "cd"]);
  });

  test("header shorter than itself is rejected", () => {
    const decoder = new FrameDecoder({ type: "length", headerBytes: 4, byteOrder: "big", includesHeader: true }, "utf8");

    expect(() => decoder.push(bytes("00000002"))).toThrow("fewer than the header itself");
  });

  test("announced length over the maximum is rejected", () => {
    const decoder = new FrameDecoder({ type: "length", headerBytes: 4, byteOrder: "big", includesHeader: false }, "utf8", 1024);

    expect(() => decoder.push(bytes("00100000"))).toThrow("more than the maximum of 1024");
  });

  test("endless delimiter frame is rejected", () => {
    const decoder = new FrameDecoder({ type: "delimiter", delimiter: "\n" }, "utf8", 16);

    expect(() => decoder.push(Buffer.alloc(32, 0x61))).toThrow("without a delimiter");
  });
});
