// The administrator PIN: stored as scrypt with a random salt, compared in constant time.
// Policy edits, pack imports, trusted keys, restores, retention and erasure ask for it.
//
// Attempts are limited (issue 12): after 3 wrong PINs in a row each further try must wait
// 1 s, 2 s, 4 s … (doubling); after 10 the PIN is locked for 15 minutes (and again after each
// further failure). The count is kept in the database (PinAttemptStore), so a restart does not
// reset it, and every failure is written to the operational log — never the PIN that was tried.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { ServiceError } from '../api/result.ts';
import type { PinAttemptState, Repositories } from '../store/ports.ts';
import { localTimestamp } from './clock.ts';
import type { OpLog } from './log.ts';

const PinRecord = v.object({ salt: v.string(), hash: v.string() });

/** The one scope of the embedded database (one database is one counter). */
export const PIN_SCOPE = 'admin';

export const PIN_LIMITS = {
  minDigits: 6,
  maxDigits: 12,
  /** Failures in a row that are simply wrong; after these each try waits, doubling from 1 s. */
  freeFailures: 3,
  lockAfter: 10,
  lockMinutes: 15,
} as const;

/** When the next attempt may be made, given the failures so far; null when it may be made now. */
export function pinBlockedUntil(state: PinAttemptState): string | null {
  if (state.lastFailureAt === null || state.failures < PIN_LIMITS.freeFailures) return null;
  const waitMs =
    state.failures >= PIN_LIMITS.lockAfter ? PIN_LIMITS.lockMinutes * 60_000 : 2 ** (state.failures - PIN_LIMITS.freeFailures) * 1000;
  return new Date(Date.parse(state.lastFailureAt) + waitMs).toISOString();
}

/** A time for the clerk: local, with the date, rounded up to the minute ("2026-03-02 09:18"). */
function shownMinute(iso: string): string {
  return localTimestamp(new Date(Math.ceil(Date.parse(iso) / 60_000) * 60_000))
    .slice(0, 16)
    .replace('T', ' ');
}

export async function setAdminPin(repos: Pick<Repositories, 'settings'>, pin: string): Promise<void> {
  const { minDigits, maxDigits } = PIN_LIMITS;
  if (!new RegExp(`^\\d{${minDigits},${maxDigits}}$`).test(pin))
    throw new ServiceError('INVALID_INPUT', `管理员 PIN 应为 ${minDigits} 到 ${maxDigits} 位数字（至少 ${minDigits} 位），未修改。`);
  const salt = randomBytes(16);
  const hash = scryptSync(pin, salt, 32);
  await repos.settings.set('admin.pin', { salt: salt.toString('base64'), hash: hash.toString('base64') });
}

export async function hasAdminPin(repos: Pick<Repositories, 'settings'>): Promise<boolean> {
  return (await repos.settings.get('admin.pin')) !== null;
}

export interface PinCheckOptions {
  /** Where failures are written (never the PIN tried). */
  log?: OpLog;
  now?: Date;
}

/** Null when the PIN is right; otherwise why not, in Chinese, and what to do. */
export async function checkAdminPin(
  repos: Pick<Repositories, 'settings' | 'pinAttempts'>,
  pin: string | null | undefined,
  options: PinCheckOptions = {},
): Promise<string | null> {
  const raw = await repos.settings.get('admin.pin');
  if (raw === null) return '尚未设置管理员 PIN：请先在“政策库”页设置，之后才能修改政策库。';
  if (!pin) return '请输入管理员 PIN。';
  const now = (options.now ?? new Date()).toISOString();
  const start = await repos.pinAttempts.begin(PIN_SCOPE, now, pinBlockedUntil);
  if (!start.allowed) {
    options.log?.write('pin-refused', { failures: start.state.failures });
    if (start.state.failures >= PIN_LIMITS.lockAfter)
      return `管理员 PIN 已连续输错 ${start.state.failures} 次，已锁定 ${PIN_LIMITS.lockMinutes} 分钟：请于 ${shownMinute(start.until)} 后再试（未做任何修改）。`;
    const seconds = Math.ceil((Date.parse(start.until) - Date.parse(now)) / 1000);
    return `管理员 PIN 已连续输错 ${start.state.failures} 次，请 ${seconds} 秒后再试（未做任何修改）。`;
  }
  const stored = v.parse(PinRecord, raw);
  const hash = scryptSync(pin, Buffer.from(stored.salt, 'base64'), 32);
  if (timingSafeEqual(hash, Buffer.from(stored.hash, 'base64'))) {
    await repos.pinAttempts.succeeded(PIN_SCOPE);
    return null;
  }
  const { failures } = start.state;
  options.log?.write('pin-failed', { failures });
  if (failures >= PIN_LIMITS.lockAfter) {
    options.log?.write('pin-locked', { minutes: PIN_LIMITS.lockMinutes });
    const until = pinBlockedUntil(start.state) ?? now;
    return `管理员 PIN 不正确，已连续输错 ${failures} 次：已锁定 ${PIN_LIMITS.lockMinutes} 分钟，请于 ${shownMinute(until)} 后再试（未做任何修改）。`;
  }
  if (failures >= PIN_LIMITS.freeFailures)
    return `管理员 PIN 不正确，已连续输错 ${failures} 次：下次请等 ${2 ** (failures - PIN_LIMITS.freeFailures)} 秒后再试（未做任何修改）。`;
  return '管理员 PIN 不正确，未做任何修改。';
}
