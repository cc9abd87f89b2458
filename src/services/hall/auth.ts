// Signing in at a hall counter: accounts created by an administrator, scrypt password hashes,
// sessions that expire (idle and absolute limits) and a lockout after repeated failures. All of
// it lives in the database, so any server instance can check a session another one created.
import { createHash, randomBytes } from 'node:crypto';
import type { AccountView, HallSession } from '../../api/contract.ts';
import { ServiceError } from '../../api/result.ts';
import { AccountExistsError, type AccountRecord, type AccountStore, type HallRole, type SessionRecord } from '../../store/ports.ts';
import { localTimestamp } from '../clock.ts';
import { DUMMY_HASH, hashPassword, passwordProblem, verifyPassword } from './passwords.ts';

export interface AuthPolicy {
  /** A session ends after this long without a call. */
  idleMinutes: number;
  /** …and this long after sign-in at the latest. */
  maxHours: number;
  /** Failed sign-ins in a row before the account is locked… */
  maxFailures: number;
  /** …for this long (an administrator can unlock it sooner). */
  lockMinutes: number;
}

export const DEFAULT_AUTH_POLICY: AuthPolicy = { idleMinutes: 30, maxHours: 12, maxFailures: 5, lockMinutes: 15 };

export const toAccountView = ({ passwordHash: _hash, failedAttempts: _failed, ...view }: AccountRecord): AccountView => view;

/** Only the token's SHA-256 is stored: a copy of the database lets no one sign in. */
export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
const BAD_CREDENTIALS = '用户名或密码不正确。';
const shortTime = (iso: string) => localTimestamp(new Date(iso)).replace('T', ' ').slice(0, 16);

export class HallAuth {
  readonly repo: AccountStore;
  readonly policy: AuthPolicy;

  constructor(repo: AccountStore, policy: Partial<AuthPolicy> = {}) {
    this.repo = repo;
    this.policy = { ...DEFAULT_AUTH_POLICY, ...policy };
  }

  /** Signs a clerk in at a counter: a new session and its token (for the cookie), or UNAUTHENTICATED with why. */
  async signIn(username: string, password: string, counter: string): Promise<{ token: string; session: HallSession }> {
    const name = username.trim().toLowerCase();
    if (!/^\d{1,3}$/.test(counter.trim())) throw new ServiceError('INVALID_INPUT', '请填写本窗口的窗口号（1 到 3 位数字）。');
    const account = USERNAME_PATTERN.test(name) ? await this.repo.account(name) : null;
    if (!account) {
      await verifyPassword(password, await DUMMY_HASH); // as long as a real check: no hint that the name is unknown
      await this.repo.recordActivity({ username: null, counter, method: 'signIn', ok: false, detail: 'unknown user' });
      throw new ServiceError('UNAUTHENTICATED', BAD_CREDENTIALS);
    }
    if (account.lockedUntil) {
      await this.repo.recordActivity({ username: name, counter, method: 'signIn', ok: false, detail: 'locked' });
      throw new ServiceError(
        'UNAUTHENTICATED',
        `该账号因连续输错密码已被锁定，请于 ${shortTime(account.lockedUntil)} 之后再试，或请管理员解锁。`,
      );
    }
    if (!account.enabled) {
      await this.repo.recordActivity({ username: name, counter, method: 'signIn', ok: false, detail: 'disabled' });
      throw new ServiceError('UNAUTHENTICATED', '该账号已停用，请联系管理员。');
    }
    if (!(await verifyPassword(password, account.passwordHash))) {
      const failed = await this.repo.recordFailure(name, this.policy.maxFailures, this.policy.lockMinutes);
      await this.repo.recordActivity({
        username: name,
        counter,
        method: 'signIn',
        ok: false,
        detail: failed.lockedUntil ? 'locked now' : 'bad password',
      });
      if (failed.lockedUntil)
        throw new ServiceError(
          'UNAUTHENTICATED',
          `密码连续 ${this.policy.maxFailures} 次不正确，该账号已锁定到 ${shortTime(failed.lockedUntil)}；可请管理员解锁。`,
        );
      // The same words as for an unknown name: no hint which names exist (only a lockout tells).
      throw new ServiceError('UNAUTHENTICATED', BAD_CREDENTIALS);
    }
    await this.repo.clearFailures(name);
    const token = randomBytes(32).toString('base64url');
    const session = await this.repo.createSession({
      tokenHash: tokenHash(token),
      username: name,
      counter: counter.trim(),
      ...this.limits(),
    });
    await this.repo.recordActivity({ username: name, counter: session.counter, method: 'signIn', ok: true });
    return { token, session };
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

  /** A clerk changes their own password, knowing the current one. */
  async changePassword(username: string, current: string, next: string): Promise<void> {
    const account = await this.repo.account(username);
    if (!account || !(await verifyPassword(current, account.passwordHash)))
      throw new ServiceError('INVALID_INPUT', '当前密码不正确，密码未修改。');
    await this.resetPassword(username, next);
  }

  async setEnabled(username: string, enabled: boolean): Promise<void> {
    if (!(await this.repo.setEnabled(username, enabled))) throw new ServiceError('NOT_FOUND', `没有用户名为 ${username} 的账号。`);
  }

  async accounts(): Promise<AccountView[]> {
    return (await this.repo.accounts()).map(toAccountView);
  }
}
