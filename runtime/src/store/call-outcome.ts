import type { CallOutcome } from "@callflow/db";

import type { CallRecord } from "../service/call-service.js";

/**
 * Maps how a call ended in the service to the outcome stored in its call record: refusals are
 * `rejected`, a caller who hung up in the flow `abandoned`, and calls that a fault or a shutdown
 * ended `failed`.
 */
export function storedOutcome(outcome: CallRecord["outcome"]): CallOutcome {
  switch (outcome) {
    case "completed":
      return "completed";
    case "hangup":
      return "abandoned";
    case "transferred":
      return "transferred";
    case "busy":
    case "suspended":
    case "unavailable":
    case "not-in-service":
      return "rejected";
    case "error":
    case "step-limit":
    case "aborted":
    case "flow-failed":
      return "failed";
  }
}
