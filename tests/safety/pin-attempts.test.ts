// Issue 12, item 4: the administrator PIN cannot be brute-forced. After 3 wrong PINs each
// further try must wait (1 s, 2 s, 4 s, … doubling); after 10 the PIN is locked for 15
// minutes. The count is kept in the database (it survives a restart), every failure is
// logged without the PIN that was tried, and a new PIN must have at least 6 digits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { YibaoApi } from '../../src/api/contract.ts';
import { localTimestamp } from '../../src/services/clock.ts';
import { OpLog } from '../../src/services/log.ts';
import { createServices } from '../../src/services/services.ts';
import { sessionRepositories } from '../../src/server/hall-server.ts';
import type { PgStore } from '../../src/store/pg/store.ts';
import { Store } from '../../src/store/store.ts';
import { openBackend } from '../support/backends.ts';
import { tempDir } from './support.ts';

const RIGHT = '135790';

describe('administrator PIN attempts (issue 12, item 4)', () => {
  it('backs off after 3 failures, locks for 15 minutes after 10, across restarts, and logs every failure without the PIN', async () => {
    const dir = tempDir();
    const file = join(dir, 'yibao.sqlite');
    const logFile = join(dir, 'logs', 'yibao.log');
    let now = Date.parse('2026-03-02T01:00:00.000Z');
    const clock = () => new Date(now);
    const open = () => {
      const store = new Store({ file });
      return { store, api: createServices(store, { log: new OpLog(logFile), clock }) };
    };
    let { store, api } = open();

    // New PINs need at least 6 digits.
    const short = await api.setAdminPin({ currentPin: null, newPin: '2468' });
    expect(short).toMatchObject({ ok: false, error: { message: expect.stringContaining('至少 6 位') } });
    expect(await api.setAdminPin({ currentPin: null, newPin: RIGHT })).toEqual({ ok: true, value: null });

    const attempt = (a: YibaoApi, pin: string) => a.setRetention({ days: 0, pin });
    const tried: string[] = [];
    const fail = async (expected: RegExp) => {
      const pin = `9${String(70000 + tried.length * 7919).slice(-5)}`;
      tried.push(pin);
      expect(await attempt(api, pin)).toMatchObject({ ok: false, error: { message: expect.stringMatching(expected) } });
    };

    // Three wrong PINs are simply wrong.
    for (let i = 0; i < 3; i++) await fail(/PIN 不正确/);
    // Now even the right PIN must wait 1 s; after the wait a wrong one doubles it.
    expect(await attempt(api, RIGHT)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/1 秒后再试/) } });
    let wait = 1;
    let lockedAt = 0;
    for (let failures = 3; failures < 10; failures++) {
      now += wait * 1000;
      lockedAt = now;
      await fail(failures + 1 < 10 ? /PIN 不正确/ : /锁定 15 分钟/);
      wait *= 2;
      if (failures + 1 < 10) {
        expect(await attempt(api, RIGHT)).toMatchObject({ ok: false, error: { message: expect.stringMatching(`${wait} 秒后再试`) } });
      }
    }
    // Locked: the right PIN is refused, also after a restart, until 15 minutes have passed.
    now += 60_000;
    // The time is the counter's local time, with the date, rounded up to the minute.
    const until = localTimestamp(new Date(Math.ceil((lockedAt + 15 * 60_000) / 60_000) * 60_000))
      .slice(0, 16)
      .replace('T', ' ');
    expect(await attempt(api, RIGHT)).toMatchObject({ ok: false, error: { message: expect.stringContaining(`请于 ${until} 后再试`) } });
    store.close();
    ({ store, api } = open());
    expect(await attempt(api, RIGHT)).toMatchObject({ ok: false, error: { message: expect.stringContaining('已锁定') } });
    now += 15 * 60_000;
    expect(await attempt(api, RIGHT)).toMatchObject({ ok: true });
    // A success starts the count again.
    await fail(/PIN 不正确/);
    expect(await attempt(api, RIGHT)).toMatchObject({ ok: true });
    store.close();

    const log = readFileSync(logFile, 'utf8');
    expect(log.match(/pin-failed/g)).toHaveLength(11);
    expect(log).toMatch(/pin-locked/);
    for (const pin of [...tried, RIGHT]) expect(log).not.toContain(pin);
  });
});

describe('administrator PIN attempts in a service hall (PostgreSQL)', () => {
  it('are counted per account and hall: wrong PINs tried at one counter hold that administrator back at every counter', async () => {
    const backend = await openBackend('postgres');
    try {
      const store = backend.repos as PgStore;
      const now = Date.parse('2026-03-02T01:00:00.000Z');
      const at = (counter: string) =>
        createServices(
          sessionRepositories(store, {
            username: 'admin',
            displayName: '管理员',
            role: 'admin',
            counter,
            expiresAt: '2099-01-01T00:00:00Z',
          }),
          { clock: () => new Date(now) },
        );
      const counter3 = at('3');
      expect(await counter3.setAdminPin({ currentPin: null, newPin: RIGHT })).toEqual({ ok: true, value: null });
      for (let i = 0; i < 3; i++) await counter3.setRetention({ days: 0, pin: '000000' });
      expect(await counter3.setRetention({ days: 0, pin: RIGHT })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('秒后再试') },
      });
      // Issue 22 finding 9: counted per counter, a guesser moved to counter 5 (or typed "05") for fresh tries.
      expect(await at('5').setRetention({ days: 0, pin: RIGHT })).toMatchObject({
        ok: false,
        error: { message: expect.stringContaining('秒后再试') },
      });
    } finally {
      await backend.close();
    }
  });
});
