import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * scrypt cost: N = 2^15, r = 8, p = 1 (the OWASP minimum for scrypt is N = 2^17 with p = 1 or
 * 2^15 with more memory; this is 32 MiB and about 60 ms on one core). maxmem is raised to fit.
 */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

/** scrypt's work factors: N (CPU and memory, a power of two), r (block size), p (parallelism). */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}
const keyLength = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize("NFKC"),
      salt,
      keyLength,
      { ...options, maxmem: 256 * (options.N ?? 1) * (options.r ?? 1) },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Hashes a password as `scrypt$N$r$p$salt$hash` (base64url), with a fresh 16-byte salt. The cost
 * is stored with the hash, so raising it later leaves older hashes verifiable.
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost);
  return [
    "scrypt",
    cost.N,
    cost.r,
    cost.p,
    salt.toString("base64url"),
    key.toString("base64url"),
  ].join("$");
}

/** Whether `password` matches a hash made by {@link hashPassword} (in constant time). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !n || !r || !p || salt === undefined || hash === undefined)
    return false;
  const expected = Buffer.from(hash, "base64url");
  const key = await derive(password, Buffer.from(salt, "base64url"), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * A hash no password matches (its key is all zeros), verified against when an e-mail is unknown
 * so that the time taken does not tell which e-mails exist.
 */
export function unusablePasswordHash(cost: ScryptCost = defaultScryptCost): string {
  const zeros = (length: number) => Buffer.alloc(length).toString("base64url");
  return ["scrypt", cost.N, cost.r, cost.p, zeros(16), zeros(keyLength)].join("$");
}
