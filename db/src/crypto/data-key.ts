import { randomBytes } from "node:crypto";

import { DecryptionError } from "../errors.js";
import { AUTH_TAG_BYTES, decryptAesGcm, encryptAesGcm, IV_BYTES } from "./aes-gcm.js";

const DATA_KEY_BYTES = 32;

// Layout of a wrapped data key: format byte, IV, tag, then the encrypted 32-byte key.
const WRAP_FORMAT_V1 = 1;
const WRAPPED_BYTES = 1 + IV_BYTES + AUTH_TAG_BYTES + DATA_KEY_BYTES;

function wrapContext(tenantId: string): Buffer {
  return Buffer.from(`callflow/data-key/v1/${tenantId}`, "utf8");
}

/** Generates a random AES-256 data key for a tenant. */
export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/**
 * Encrypts a tenant's data key with the master key into the bytes stored in
 * `tenants.wrapped_data_key`. The tenant id is authenticated, so a wrapped key copied to another
 * tenant's row does not unwrap.
 */
export function wrapDataKey(masterKey: Buffer, dataKey: Buffer, tenantId: string): Buffer {
  const { ciphertext, iv, authTag } = encryptAesGcm(masterKey, dataKey, wrapContext(tenantId));

  return Buffer.concat([Buffer.from([WRAP_FORMAT_V1]), iv, authTag, ciphertext]);
}

/** Decrypts the output of wrapDataKey. It throws DecryptionError for a wrong key or tenant. */
export function unwrapDataKey(masterKey: Buffer, wrapped: Buffer, tenantId: string): Buffer {
  const description = `the data key of tenant ${tenantId}`;

  if (wrapped.length !== WRAPPED_BYTES || wrapped[0] !== WRAP_FORMAT_V1) {
    throw new DecryptionError(`${description} (unknown format)`);
  }

  const iv = wrapped.subarray(1, 1 + IV_BYTES);
  const authTag = wrapped.subarray(1 + IV_BYTES, 1 + IV_BYTES + AUTH_TAG_BYTES);
  const ciphertext = wrapped.subarray(1 + IV_BYTES + AUTH_TAG_BYTES);

  return decryptAesGcm(masterKey, { ciphertext, iv, authTag }, wrapContext(tenantId), description);
}
