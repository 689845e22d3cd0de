import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

import { DecryptionError } from "../errors.js";

/** Bytes of the random IV; 12 is the size GCM is specified for (NIST SP 800-38D). */
export const IV_BYTES = 12;
/** Bytes of the authentication tag. */
export const AUTH_TAG_BYTES = 16;

/** AES-256-GCM output: the ciphertext with the IV and tag needed to decrypt it. */
export interface Sealed {
  ciphertext: Buffer;
  iv: Buffer;
  authTag: Buffer;
}

/**
 * Encrypts `plaintext` with AES-256-GCM under a fresh random IV. `associatedData` is
 * authenticated but not stored: decryption must present the same bytes, which ties a
 * ciphertext to the row it was written for.
 */
export function encryptAesGcm(key: Buffer, plaintext: Buffer, associatedData: Buffer): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: AUTH_TAG_BYTES });

  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);

  return { ciphertext, iv, authTag: cipher.getAuthTag() };
}

/**
 * Decrypts the output of encryptAesGcm. It throws DecryptionError, naming the value by
 * `description`, when authentication fails.
 */
export function decryptAesGcm(key: Buffer, sealed: Sealed, associatedData: Buffer, description: string): Buffer {
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv, { authTagLength: AUTH_TAG_BYTES });

    decipher.setAAD(associatedData);
    decipher.setAuthTag(sealed.authTag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (error) {
    throw new DecryptionError(description, { cause: error });
  }
}
