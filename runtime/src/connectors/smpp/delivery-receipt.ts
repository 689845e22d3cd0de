import type { SmsOutcome } from "@callflow/nodes";

/** A delivery receipt as the center reported it. */
export interface DeliveryReceipt {
  /** Message id of the submit_sm_resp that the receipt is about. */
  readonly messageId: string;
  /** Status word such as DELIVRD, ENROUTE or UNDELIV. */
  readonly stat: string;
  readonly outcome: SmsOutcome;
  /** The receipt's `err` field, a network-specific error code, when present. */
  readonly error?: string;
}

const OUTCOMES: Readonly<Record<string, SmsOutcome>> = {
  DELIVRD: "delivered",
  ENROUTE: "buffered",
  ACCEPTD: "buffered",
  BUFFRED: "buffered",
  SCHEDUL: "buffered",
  UNKNOWN: "buffered",
  UNDELIV: "failed",
  REJECTD: "failed",
  EXPIRED: "failed",
  DELETED: "failed",
  SKIPPED: "failed",
};

// message_state values 0 to 9, numbered as in the smpp package's MESSAGE_STATE table, as receipt status words.
const MESSAGE_STATES = ["SCHEDUL", "ENROUTE", "DELIVRD", "EXPIRED", "DELETED", "UNDELIV", "ACCEPTD", "UNKNOWN", "REJECTD", "SKIPPED"];

/** Receipt fields of a deliver_sm, as the smpp package decodes them. */
export interface DeliverSm {
  readonly esm_class?: unknown;
  readonly short_message?: unknown;
  readonly receipted_message_id?: unknown;
  readonly message_state?: unknown;
}

/**
 * Reads a delivery receipt from a deliver_sm. The message id and state come from the
 * receipted_message_id and message_state parameters when present, otherwise from the receipt
 * text (`id:... sub:... dlvrd:... submit date:... done date:... stat:DELIVRD err:000 text:...`).
 * A status word not in the table counts as `buffered`, because it is not a known final state.
 * NOTE: some centers write the id in the text in decimal but return it in hex in
 * submit_sm_resp. Such receipts match only through the receipted_message_id parameter.
 *
 * @returns undefined for a deliver_sm that is not a receipt (a mobile-originated message) or lacks an id
 */
export function readDeliveryReceipt(pdu: DeliverSm): DeliveryReceipt | undefined {
  // Bits 2-5 of esm_class give the message type; 0x04 is an MC delivery receipt.
  if ((Number(pdu.esm_class) & 0x3c) !== 0x04) return undefined;
  const text = receiptText(pdu.short_message);
  const fields = Object.fromEntries([...text.matchAll(/(id|stat|err):(\S*)/gi)].map((match) => [match[1].toLowerCase(), match[2]]));
  const messageId = typeof pdu.receipted_message_id === "string" && pdu.receipted_message_id !== "" ? pdu.receipted_message_id : fields.id;
  const stateWord = typeof pdu.message_state === "number" ? MESSAGE_STATES[pdu.message_state] : undefined;
  const stat = (stateWord ?? fields.stat ?? "UNKNOWN").toUpperCase();

  if (messageId === undefined || messageId === "") return undefined;
  return { messageId, stat, outcome: OUTCOMES[stat] ?? "buffered", error: fields.err };
}

/**
 * Combines the receipts of a message's segments: failed when any segment failed, buffered when
 * any is still buffered, delivered when all were delivered. The deciding receipt gives `stat`.
 */
export function combineReceipts(receipts: readonly DeliveryReceipt[]): DeliveryReceipt {
  return receipts.find((r) => r.outcome === "failed") ?? receipts.find((r) => r.outcome === "buffered") ?? receipts[0];
}

function receiptText(shortMessage: unknown): string {
  if (typeof shortMessage === "string") return shortMessage;
  if (Buffer.isBuffer(shortMessage)) return shortMessage.toString("latin1");
  const message = (shortMessage as { message?: unknown } | undefined)?.message;

  if (typeof message === "string") return message;
  return Buffer.isBuffer(message) ? message.toString("latin1") : "";
}
