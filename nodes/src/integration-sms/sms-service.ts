import type { Logger, ServiceKey } from "@callflow/sdk";

/**
 * Final state of a message from its delivery receipt. `buffered` is a temporary state in which
 * the center keeps trying (ENROUTE, ACCEPTD, SCHEDULED). `failed` is a permanent one (UNDELIV,
 * REJECTD, EXPIRED, DELETED).
 */
export type SmsOutcome = "delivered" | "buffered" | "failed";

/** One message as the node built it. */
export interface SmsRequest {
  /** Name of the tenant's `smpp` connector: the center, the credentials and the source address. */
  readonly connector: string;
  /** Destination number, such as `886912345678`. */
  readonly to: string;
  /** Message text; text outside GSM 7-bit, such as Chinese, is sent as UCS-2, in several segments when long. */
  readonly text: string;
  /** Wait for the delivery receipt, up to `receiptTimeoutMs`; otherwise return once the center accepts the message. */
  readonly waitForReceipt: boolean;
  readonly receiptTimeoutMs: number;
}

/** The message ids and the delivery outcome from the center. */
export interface SmsResult {
  /** Message ids from the center, one per segment. */
  readonly messageIds: readonly string[];
  /** Absent when the node did not wait or no receipt arrived in time. */
  readonly outcome?: SmsOutcome;
  /** The receipt's `stat` field, such as DELIVRD or UNDELIV, of the segment that decided the outcome. */
  readonly stat?: string;
  /** The receipt's `err` field, a network-specific error code. */
  readonly error?: string;
}

/** Context of one message: the caller's hang-up signal and the node's logger. */
export interface SmsRequestContext {
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/** Outbound SMS over SMPP through the platform's egress guard. */
export interface SmsService {
  /**
   * Submits the message and, when asked, waits for its delivery receipts. Rejects when the
   * connector is missing, the bind or the submission fails; a missing receipt is not an error.
   */
  send(request: SmsRequest, context: SmsRequestContext): Promise<SmsResult>;
}

/** Key of the {@link SmsService} in `NodeContext.services`. */
export const SMS_SERVICE: ServiceKey<SmsService> = { name: "sms" };
