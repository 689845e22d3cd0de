/** Codes of {@link SmtpError}, by who must act. */
export type SmtpErrorCode = "smtp-auth-failed" | "smtp-recipients-rejected" | "smtp-message-rejected" | "smtp-connection-failed" | "smtp-timeout" | "invalid-connector-settings";

/** A message the SMTP server did not take, with the server's reply when there was one. */
export class SmtpError extends Error {
  readonly code: SmtpErrorCode;
  /** The server's reply code, such as 535 or 550, when the server replied. */
  readonly responseCode?: number;
  /** Recipients the server rejected, for `smtp-recipients-rejected`. */
  readonly rejected: readonly string[];

  constructor(code: SmtpErrorCode, message: string, details: { responseCode?: number; rejected?: readonly string[]; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = "SmtpError";
    this.code = code;
    this.responseCode = details.responseCode;
    this.rejected = details.rejected ?? [];
  }
}

interface NodemailerError {
  code?: string;
  responseCode?: number;
  response?: string;
  rejected?: string[];
  message: string;
}

/**
 * Turns a nodemailer error into an {@link SmtpError} that names the connector and the next step.
 * Decides on nodemailer's error codes (EAUTH, EENVELOPE, EMESSAGE and the connection codes), not its text.
 */
export function smtpErrorFrom(error: unknown, connector: string, target: string): SmtpError {
  const failure = error as NodemailerError;
  const reply = failure.response === undefined ? "" : ` (${failure.response.trim()})`;
  const details = { responseCode: failure.responseCode, cause: error };

  if (failure.code === "EAUTH") {
    return new SmtpError("smtp-auth-failed", `SMTP server ${target} rejected the credentials of connector "${connector}"${reply}; check the username and password in the connector's secret`, details);
  }
  if (failure.code === "EENVELOPE" && failure.rejected !== undefined && failure.rejected.length > 0) {
    return new SmtpError("smtp-recipients-rejected", `SMTP server ${target} rejected every recipient: ${failure.rejected.join(", ")}${reply}; check the addresses`, {
      ...details,
      rejected: failure.rejected,
    });
  }
  if (failure.code === "EENVELOPE" || failure.code === "EMESSAGE") {
    return new SmtpError("smtp-message-rejected", `SMTP server ${target} rejected the message${reply}: ${failure.message}; check the sender, the recipients and the size`, details);
  }
  if (failure.code === "ETIMEDOUT") {
    return new SmtpError("smtp-timeout", `SMTP server ${target} did not reply in time; check that it is up, or raise the node's timeout`, details);
  }
  return new SmtpError("smtp-connection-failed", `sending through SMTP server ${target} failed: ${failure.message}${reply}; check the connector's host, port and security`, details);
}
