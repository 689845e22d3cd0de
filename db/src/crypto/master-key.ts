import { MasterKeyError } from "../errors.js";

/** Name of the environment variable that contains the master key. */
export const MASTER_KEY_VARIABLE = "CALLFLOW_MASTER_KEY";

const KEY_BYTES = 32;

// 32 bytes are 43 base64 characters and one `=` of padding.
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

const HOW_TO_GENERATE =
  `Set ${MASTER_KEY_VARIABLE} to 32 random bytes in base64, for example the output of ` +
  "`openssl rand -base64 32` or `node -e \"console.log(require('node:crypto').randomBytes(32).toString('base64'))\"`. " +
  "Keep it secret and keep it: data encrypted under one key cannot be read with another.";

/**
 * Parses the master key, the AES-256 key that wraps each tenant's data key, from its base64
 * text. Throws MasterKeyError, naming the variable and how to generate a key, when the text is
 * missing or is not exactly 32 bytes of standard base64.
 */
export function parseMasterKey(text: string | undefined): Buffer {
  const trimmed = text?.trim() ?? "";

  if (trimmed === "") {
    throw new MasterKeyError(`${MASTER_KEY_VARIABLE} is not set. ${HOW_TO_GENERATE}`);
  }
  if (!BASE64_32_BYTES.test(trimmed)) {
    const decodedLength = Buffer.from(trimmed, "base64").length;
    throw new MasterKeyError(
      `${MASTER_KEY_VARIABLE} is invalid: expected 44 characters of standard base64 encoding ${KEY_BYTES} bytes, ` +
        `got ${trimmed.length} characters (${decodedLength} bytes when decoded). ${HOW_TO_GENERATE}`,
    );
  }
  return Buffer.from(trimmed, "base64");
}

/** Reads and parses CALLFLOW_MASTER_KEY from `env`; see parseMasterKey. */
export function loadMasterKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  return parseMasterKey(env[MASTER_KEY_VARIABLE]);
}
