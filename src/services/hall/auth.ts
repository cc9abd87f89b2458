// Signing in at a hall counter: accounts created by an administrator, scrypt password hashes,
// sessions that expire (idle and absolute limits) and a back-off after repeated failures. All of
// it lives in the database, so any server instance can check a session another one created.
//
// Counted before computed (issue 22): every sign-in and every check of a current password is
// first counted in the database — for the name from this address, the name from anywhere, and
// this address for any name — and refused at once while any of them must still wait; only then
// is the password hashed. Guesses sent in parallel are therefore counted one by one. An unknown
// name, a disabled account and a wrong password get the same words after the same work.
import { createHash, randomBytes } from 'node:crypto';
import type { AccountView, HallSession } from '../../api/contract.ts';
import { ServiceError } from '../../api/result.ts';
import { AccountExistsError } from '../../store/errors.ts';
import { type AccountRecord, type AccountStore, type AttemptScope, type HallRole, type SessionRecord } from '../../store/ports.ts';
import { nameProblem } from '../../core/person-name.ts';
import { localTimestamp } from '../clock.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export interface AuthPolicy {
  /** A session ends after this long without a call. */
  idleMinutes: number;
  /** …and this long after sign-in at the latest. */
  maxHours: number;
  /**
   * Wrong passwords for one name from one address before each further try must wait (1 s,
   * 2 s, 4 s …); from all addresses together 10 times as many, and one address may get 4 times
   * as many wrong for all names together before it must wait.
   */
  maxFailures: number;
  /** The longest such wait (an administrator's unlock or new password ends it sooner). */
  lockMinutes: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { idleMinutes: 30, maxHours: 12, maxFailures: 5, lockMinutes: 15 };

export const toAccountView = ({ passwordHash: _hash, failedAttempts: _failed, ...view }: AccountRecord): AccountView => view;

/** Only the token's SHA-256 is stored: a copy of the database lets no one sign in. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const BAD_CREDENTIALS = '用户名或密码不正确。';
/** The attempt scopes of one name tried from one address (see the file's header). */
export function attemptScopes(policy: AuthPolicy, name: string, source: string): AttemptScope[] {
  const maxWaitSeconds = policy.lockMinutes * 60;
  const account = name.slice(0, 64);
  const from = source.slice(0, 64);
  return [
    { scope: `pair:${account}@${from}`, free: policy.maxFailures, maxWaitSeconds },
    { scope: `account:${account}`, free: policy.maxFailures * 10, maxWaitSeconds },
    { scope: `source:${from}`, free: policy.maxFailures * 4, maxWaitSeconds },
  ];
}
/** Counter numbers as typed ("7", "07", "007") are one counter: digits without leading zeros. */
export function normalizeCounter(counter: string): string | null {
  const digits = counter.trim();
  if (!/^\d{1,3}$/.test(digits)) return null;
  return String(Number(digits));
}
/** A time for people: local, with the date, to the second ("2026-03-02 09:18:05"), rounded up. */
const shortTime = (iso: string) =>
  localTimestamp(new Date(Math.ceil(Date.parse(iso) / 1000) * 1000))
    .replace('T', ' ')
    .slice(0, 19);

export class HallAuth {
  readonly repo: AccountStore;
  readonly policy: AuthPolicy;

  constructor(repo: AccountStore, policy: Partial<AuthPolicy> = {}) {
    this.repo = repo;
    this.policy = { ...DEFAULT_AUTH_POLICY, ...policy };
  }

  /**
   * Signs a clerk in at a counter from `source` (the caller's address): a new session and its
   * token (for the cookie), or UNAUTHENTICATED with why.
   */
  async signIn(username: string, password: string, counter: string, source = 'local'): Promise<{ token: string; session: HallSession }> {
    const name = username.trim().toLowerCase().slice(0, 64);
    const atCounter = normalizeCounter(counter);
    if (atCounter === null) throw new ServiceError('INVALID_INPUT', '请填写本窗口的窗口号（1 到 3 位数字）。');
    const scopes = attemptScopes(this.policy, name, source);
    await this.#countAttempt(scopes, name, atCounter, 'signIn');
    const account = USERNAME_PATTERN.test(name) ? await this.repo.account(name) : null;
    // As long a check whatever the name: no hint whether it exists or is disabled.
    const right = await verifyPassword(password, account?.passwordHash ?? (await DUMMY_HASH));
    if (!account || !right) {
      await this.repo.recordActivity({
        username: account ? name : null,
        counter: atCounter,
        method: 'signIn',
        ok: false,
        detail: account ? (account.enabled ? 'bad password' : 'bad password (disabled)') : 'unknown user',
      });
      throw new ServiceError('UNAUTHENTICATED', BAD_CREDENTIALS);
    }
    if (!account.enabled) {
      // Only someone who knows the password learns that the account is disabled.
      await this.repo.recordActivity({ username: name, counter: atCounter, method: 'signIn', ok: false, detail: 'disabled' });
      throw new ServiceError('UNAUTHENTICATED', '该账号已停用，请联系管理员。');
    }
    await this.#succeeded(scopes);
    const token = randomBytes(32).toString('base64url');
    const session = await this.repo.createSession({
      tokenHash: tokenHash(token),
      username: name,
      counter: atCounter,
      ...this.limits(),
    });
    await this.repo.recordActivity({ username: name, counter: session.counter, method: 'signIn', ok: true });
    return { token, session };
  }

  /** The password was right: the name's back-off starts again; the address's count no longer holds this attempt. */
  #succeeded(scopes: AttemptScope[]): Promise<void> {
    const isSource = (s: AttemptScope) => s.scope.startsWith('source:');
    return this.repo.attemptSucceeded(
      scopes.filter((s) => !isSource(s)).map((s) => s.scope),
      scopes.filter(isSource).map((s) => s.scope),
    );
  }

  /** Counts an attempt before any password is hashed; refuses it while one of its scopes must wait. */
  async #countAttempt(scopes: AttemptScope[], name: string, counter: string | null, method: string): Promise<void> {
    const start = await this.repo.beginAttempt(scopes);
    if (start.allowed) return;
    await this.repo.recordActivity({ username: null, counter, method, ok: false, detail: `throttled ${name}` });
    throw new ServiceError(
      'UNAUTHENTICATED',
      `密码尝试次数过多，请于 ${shortTime(start.until)} 之后再试（每多错一次，等待时间加倍）；如忘记密码，请管理员重设。`,
    );
  }

  limits(): { idleMinutes: number; maxHours: number } {
    return { idleMinutes: this.policy.idleMinutes, maxHours: this.policy.maxHours };
  }

  /** The session behind a token, or null (none, expired, or its account disabled). */
  async authenticate(token: string | null | undefined): Promise<SessionRecord | null> {
    if (!token || token.length > 200) return null;
    return this.repo.session(tokenHash(token), this.policy.idleMinutes, this.policy.maxHours);
  }

  async signOut(token: string | null | undefined): Promise<void> {
    if (token) await this.repo.deleteSession(tokenHash(token));
  }

  async createAccount(
    by: string,
    input: { username: string; displayName: string; role: HallRole; password: string },
  ): Promise<AccountView> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME_PATTERN.test(username))
      throw new ServiceError('INVALID_INPUT', '用户名应为 2 到 32 位小写字母、数字或 . _ -，以字母或数字开头。');
    const displayName = input.displayName.trim();
    if (!displayName || displayName.length > 50) throw new ServiceError('INVALID_INPUT', '请填写姓名（最多 50 字）。');
    // The name is printed on every sheet the clerk issues: it must print as it is stored.
    const unprintable = nameProblem(displayName);
    if (unprintable) throw new ServiceError('INVALID_INPUT', unprintable);
    const problem = passwordProblem(input.password);
    if (problem) throw new ServiceError('INVALID_INPUT', problem);
    try {
      return toAccountView(
        await this.repo.createAccount({
          username,
          displayName,
          role: input.role,
          passwordHash: await hashPassword(input.password),
          createdBy: by,
        }),
      );
    } catch (error) {
      if (error instanceof AccountExistsError) throw new ServiceError('INVALID_INPUT', `用户名 ${username} 已存在。`);
      throw error;
    }
  }

  /** An administrator sets a new password (which also unlocks the account and ends its sessions). */
  async resetPassword(username: string, password: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new ServiceError('INVALID_INPUT', problem);
    if (!(await this.repo.setPassword(username, await hashPassword(password))))
      throw new ServiceError('NOT_FOUND', `没有用户名为 ${username} 的账号。`);
  }

  /** A clerk changes their own password, knowing the current one: each try counted like a sign-in. */
  async changePassword(username: string, current: string, next: string, source = 'local'): Promise<void> {
    const scopes = attemptScopes(this.policy, username, source);
    await this.#countAttempt(scopes, username, null, 'changePassword');
    const account = await this.repo.account(username);
    if (!account || !(await verifyPassword(current, account.passwordHash)))
      throw new ServiceError('INVALID_INPUT', '当前密码不正确，密码未修改。');
    await this.#succeeded(scopes);
    await this.resetPassword(username, next);
  }

  async setEnabled(username: string, enabled: boolean): Promise<void> {
    if (!(await this.repo.setEnabled(username, enabled))) throw new ServiceError('NOT_FOUND', `没有用户名为 ${username} 的账号。`);
  }

  async accounts(): Promise<AccountView[]> {
    return (await this.repo.accounts()).map(toAccountView);
  }
}
