import { errors as statusCodes } from "./smpp-package.js";

/** Codes of {@link SmppError}. */
export type SmppErrorCode = "smpp-bind-failed" | "smpp-submit-rejected" | "smpp-timeout" | "smpp-connection-closed" | "invalid-connector-settings";

/** A bind, a submission or a connection to the message center that failed. */
export class SmppError extends Error {
  readonly code: SmppErrorCode;
  /** The center's command_status, when it sent one. */
  readonly commandStatus?: number;

  constructor(code: SmppErrorCode, message: string, details: { commandStatus?: number; cause?: unknown } = {}) {
    super(message, { cause: details.cause });
    this.name = "SmppError";
    this.code = code;
    this.commandStatus = details.commandStatus;
  }
}

/** Names a command_status, such as `0x0000000E (ESME_RINVPASWD)`. */
export function describeStatus(status: number): string {
  const name = Object.entries(statusCodes).find(([, code]) => code === status)?.[0];
  const hex = `0x${status.toString(16).toUpperCase().padStart(8, "0")}`;

  return name === undefined ? hex : `${hex} (${name})`;
}
