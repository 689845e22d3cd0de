/**
 * Q.850 cause texts as Asterisk's `ast_cause2str` returns them, for the causes the server produces.
 * Any other code gives "Unknown", as Asterisk does for a code missing from its table.
 */
const CAUSE_TEXTS: Record<number, string> = {
  0: "Unknown",
  1: "Unallocated (unassigned) number",
  16: "Normal Clearing",
  17: "User busy",
  18: "No user responding",
  19: "User alerting, no answer",
  21: "Call Rejected",
  26: "Answered elsewhere",
  28: "Invalid number format (incomplete number)",
  31: "Normal, unspecified",
  34: "Circuit/channel congestion",
  38: "Network out of order",
  58: "Bearer capability not available",
  127: "Interworking, unspecified",
};

export function causeText(cause: number): string {
  return CAUSE_TEXTS[cause] ?? "Unknown";
}

/** Q.850 causes of the `reason` values that `DELETE /channels/{id}` accepts. */
export const HANGUP_REASONS: Record<string, number> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};

/** `ChannelHangupRequest.cause` of a soft hang-up: a flag, not Q.850. 32 is an explicit hang-up. */
export const SOFT_HANGUP_EXPLICIT = 32;
/** `ChannelHangupRequest.cause` of a soft hang-up when the channel's dialplan has finished. */
export const SOFT_HANGUP_DIALPLAN_DONE = 16;

/** Returns the `dialstatus` a caller gets when the leg it dials ends before answer with `cause`. */
export function dialStatusForCause(cause: number): string {
  if (cause === 17) return "BUSY";
  if (cause === 34) return "CONGESTION";
  return "NOANSWER";
}
