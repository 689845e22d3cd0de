import { combineReceipts, readDeliveryReceipt } from "../../../src/connectors/smpp/delivery-receipt.js";

const receiptText = (stat: string): string => `id:7f3a sub:001 dlvrd:000 submit date:2612070200 done date:2612070201 stat:${stat} err:011 text:Your code`;

describe("readDeliveryReceipt", () => {
  test.each([
    ["DELIVRD", "delivered"],
    ["ENROUTE", "buffered"],
    ["ACCEPTD", "buffered"],
    ["UNDELIV", "failed"],
    ["REJECTD", "failed"],
    ["EXPIRED", "failed"],
    ["DELETED", "failed"],
    ["NEWWORD", "buffered"],
  ])("stat %s is %s", (stat, outcome) => {
    const receipt = readDeliveryReceipt({ esm_class: 0x04, short_message: { message: receiptText(stat) } });

    expect(receipt).toEqual({ messageId: "7f3a", stat, outcome, error: "011" });
  });

  test("parameters take precedence over text", () => {
    const receipt = readDeliveryReceipt({ esm_class: 0x04, short_message: { message: receiptText("DELIVRD") }, receipted_message_id: "abc", message_state: 5 });

    expect(receipt).toMatchObject({ messageId: "abc", stat: "UNDELIV", outcome: "failed" });
  });

  test("mobile-originated message is no receipt", () => {
    expect(readDeliveryReceipt({ esm_class: 0x00, short_message: { message: "id:1 stat:DELIVRD" } })).toBeUndefined();
  });

  test("receipt without id is ignored", () => {
    expect(readDeliveryReceipt({ esm_class: 0x04, short_message: { message: "stat:DELIVRD" } })).toBeUndefined();
  });
});

describe("combineReceipts", () => {
  const delivered = { messageId: "1", stat: "DELIVRD", outcome: "delivered" as const };
  const buffered = { messageId: "2", stat: "ENROUTE", outcome: "buffered" as const };
  const failed = { messageId: "3", stat: "UNDELIV", outcome: "failed" as const };

  test("any failure fails", () => {
    expect(combineReceipts([delivered, buffered, failed])).toBe(failed);
  });

  test("buffered beats delivered", () => {
    expect(combineReceipts([delivered, buffered])).toBe(buffered);
  });

  test("all delivered is delivered", () => {
    expect(combineReceipts([delivered, { ...delivered, messageId: "4" }])).toBe(delivered);
  });
});
