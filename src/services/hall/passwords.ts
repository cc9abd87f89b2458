// Clerks' passwords: scrypt (Node's crypto) with a random salt and the parameters stored with
// the hash, so they can be raised later without breaking old hashes; compared in constant time.
// Computed asynchronously (libuv's thread pool), so one sign-in never stalls the other counters.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// 128 × N × r bytes = 32 MiB for N = 2^15; Node's default cap is exactly that, so allow twice.
const MAX_MEMORY = 64 * 1024 * 1024;

/** At least 8 characters, not all of one kind (a clerk's password, not a PIN). */
export function passwordProblem(password: string): string | null {
  if (password.length < 8) return '密码至少 8 位。';
  if (password.length > 200) return '密码过长（最多 200 位）。';
  if (/^\d+$/.test(password) || /^[a-zA-Z]+$/.test(password)) return '密码不能只有数字或只有字母。';
  return null;
}

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** 'scrypt$N$r$p$salt$hash' (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password: checked against when the username does not exist, so both take as long. */
export const DUMMY_HASH = hashPassword(randomBytes(12).toString('base64'));
