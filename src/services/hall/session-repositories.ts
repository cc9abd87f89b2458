// The repositories one hall session works on: the hall's shared store, with the counter
// record and the PIN attempts seen from that session (the clerk, the counter, the account).
import { ServiceError } from '../../api/result.ts';
import type { PinAttemptStore, Repositories, SessionRecord, SettingKey, SettingStore } from '../../store/ports.ts';

/**
 * The hall's settings as one counter sees them: the office's shared record, with the clerk's
 * name and the counter number of this session (so sheets and saves carry who and where).
 */
function sessionSettings(shared: SettingStore, session: SessionRecord): SettingStore {
  const withSession = (key: SettingKey, value: unknown) => {
    if (key !== 'counter') return value;
    const stored = typeof value === 'object' && value !== null ? value : {};
    return { ...stored, clerkName: session.displayName, counterNumber: session.counter };
  };
  /** What of the 'counter' record is the office's: the clerk and the counter come from the session. */
  const officeOnly = (key: SettingKey, value: unknown) => {
    if (key !== 'counter' || typeof value !== 'object' || value === null) return value;
    // The clerk and the counter come from the session, never from the shared record; a change
    // to them is refused rather than dropped unseen.
    const { clerkName, counterNumber, ...office } = value as Record<string, unknown>;
    if (clerkName !== session.displayName || counterNumber !== session.counter)
      throw new ServiceError(
        'INVALID_INPUT',
        '服务大厅模式下，窗口号和经办人取自登录（登录时填写窗口号），不能在设置中修改；其余设置已保持原样，请改回后再保存。',
      );
    return office;
  };
  return {
    get: async (key) => withSession(key, await shared.get(key)),
    set: async (key, value) => shared.set(key, officeOnly(key, value)),
    read: async (key) => {
      const { value, token } = await shared.read(key);
      return { value: withSession(key, value), token };
    },
    setIf: async (key, token, value) => shared.setIf(key, token, officeOnly(key, value)),
  };
}

/**
 * PIN attempts are counted per account and for the whole hall (issue 22; per typed counter
 * string before, so "7", "07" and "007" were three counters): each try is counted in both
 * before the PIN is checked, and refused while either must wait. Signing in at another counter
 * starts nothing again.
 */
export function accountPinAttempts(shared: PinAttemptStore, username: string): PinAttemptStore {
  const forAccount = (scope: string) => `${scope}@account:${username}`;
  const forHall = (scope: string) => `${scope}@hall`;
  return {
    async begin(scope, now, blockedUntil) {
      const account = await shared.begin(forAccount(scope), now, blockedUntil);
      if (!account.allowed) return account;
      return shared.begin(forHall(scope), now, blockedUntil);
    },
    async succeeded(scope) {
      await shared.succeeded(forAccount(scope));
      await shared.succeeded(forHall(scope));
    },
  };
}

export function sessionRepositories(store: Repositories, session: SessionRecord): Repositories {
  return {
    cases: store.cases,
    drafts: store.drafts,
    sheets: store.sheets,
    assessments: store.assessments,
    settings: sessionSettings(store.settings, session),
    pinAttempts: accountPinAttempts(store.pinAttempts, session.username),
    policy: store.policy,
    backups: store.backups,
  };
}
