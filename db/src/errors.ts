/**
 * Errors of the data layer. Callers decide on `code`, never on the message text.
 */
export abstract class DataError extends Error {
  abstract readonly code: string;
}

/** A tenant, flow, user or other row does not exist, or is not visible to the current tenant. */
export class NotFoundError extends DataError {
  readonly code = "not-found";

  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
    this.name = "NotFoundError";
  }
}

/** A value passed to the data layer is invalid; `field` names it. */
export class InvalidInputError extends DataError {
  readonly code = "invalid-input";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`invalid ${field}: ${message}`);
    this.name = "InvalidInputError";
  }
}

/** The author of the newer draft that a stale save ran into. */
export interface DraftAuthor {
  id: string;
  login: string;
  displayName: string;
}

/**
 * A draft save or publish was based on an older draft version than the stored one: someone else
 * saved in between. The studio shows who and when, and offers to reload.
 */
export class StaleDraftError extends DataError {
  readonly code = "draft-stale";

  constructor(
    readonly flowId: string,
    readonly baseVersion: number,
    readonly currentVersion: number,
    readonly updatedBy: DraftAuthor,
    readonly updatedAt: Date,
  ) {
    super(
      `draft of flow ${flowId} is at version ${currentVersion}, saved by ${updatedBy.login} at ${updatedAt.toISOString()}; ` +
        `this change was based on version ${baseVersion}. Reload the draft and apply the change again.`,
    );
    this.name = "StaleDraftError";
  }
}

/** CALLFLOW_MASTER_KEY is missing or malformed. */
export class MasterKeyError extends DataError {
  readonly code = "master-key-invalid";

  constructor(message: string) {
    super(message);
    this.name = "MasterKeyError";
  }
}

/**
 * A ciphertext failed authentication: it was altered, belongs to another tenant or row, or was
 * encrypted with another key.
 */
export class DecryptionError extends DataError {
  readonly code = "decryption-failed";

  constructor(description: string, options?: { cause?: unknown }) {
    super(`failed to decrypt ${description}: the ciphertext, its IV, its tag or the key does not match`, options);
    this.name = "DecryptionError";
  }
}
