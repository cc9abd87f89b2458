// The administrator PIN: stored as scrypt with a random salt, compared in constant time.
// Policy edits, pack imports, trusted keys, restores, retention and erasure ask for it.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import type { Repositories } from '../store/ports.ts';

const PinRecord = v.object({ salt: v.string(), hash: v.string() });

export async function setAdminPin(repos: Pick<Repositories, 'settings'>, pin: string): Promise<void> {
  if (!/^\d{4,12}$/.test(pin)) throw new Error('管理员 PIN 应为 4 到 12 位数字');
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32);
  await repos.settings.set('admin.pin', { salt: salt.toString('base64'), hash: hash.toString('base64') });
}

export async function hasAdminPin(repos: Pick<Repositories, 'settings'>): Promise<boolean> {
  return (await repos.settings.get('admin.pin')) !== null;
}

/** Null when the PIN is right; otherwise why not, in Chinese. */
export async function checkAdminPin(repos: Pick<Repositories, 'settings'>, pin: string | null | undefined): Promise<string | null> {
  const raw = await repos.settings.get('admin.pin');
  if (raw === null) return '尚未设置管理员 PIN：请先在“政策库”页设置，之后才能修改政策库。';
  if (!pin) return '请输入管理员 PIN。';
  const stored = v.parse(PinRecord, raw);
  const hash = scryptSync(pin, Buffer.from(stored.salt, 'base64'), 32);
  return timingSafeEqual(hash, Buffer.from(stored.hash, 'base64')) ? null : '管理员 PIN 不正确，政策库未修改。';
}
