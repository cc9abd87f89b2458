// The table's 'hall' slice as a service hall answers it, for one request: signing in and out,
// the caller's session, and accounts. Typed by the API table like every other slice (each
// method gets its checked input, none is left out); what a call asks of the HTTP answer
// beyond its result — the session cookie to set or clear — is written into `reply`.
import type { ServiceSlice } from '../../api/contract.ts';
import { ok, ServiceError } from '../../api/result.ts';
import type { SessionRecord } from '../../store/ports.ts';
import { guard } from '../errors.ts';
import type { OpLog } from '../log.ts';
import type { HallAuth } from './auth.ts';

/** What the server does with the answer besides sending it: set (a token) or clear (null) the session cookie. */
export interface HallReply {
  cookie?: string | null;
}

export interface HallCall {
  auth: HallAuth;
  /** The caller's live session, if any (checked from the headers before the body was read). */
  session: SessionRecord | null;
  /** The session token the request carried (signing out ends it). */
  token: string | null;
  /** The caller's address, as attempts are counted from it. */
  source: string;
  log: OpLog;
  reply: HallReply;
}

/** What a counter is told of its session (never the token or its hash). */
export const sessionView = (s: SessionRecord) => ({
  username: s.username,
  displayName: s.displayName,
  role: s.role,
  counter: s.counter,
  expiresAt: s.expiresAt,
});

export function hallSessionServices(call: HallCall): ServiceSlice<'hall'> {
  const { auth, session, reply } = call;
  /** The signed-in caller; the server refuses these calls without a session before they get here. */
  const signedIn = (): SessionRecord => {
    if (!session) throw new ServiceError('UNAUTHENTICATED', '请先登录。');
    return session;
  };
  return {
    hallStatus: async () => ok({ mode: 'hall', session: session ? sessionView(session) : null }),
    signIn: async ({ username, password, counter }) => {
      const result = await guard(() => auth.signIn(username, password, counter, call.source));
      if (!result.ok) return result;
      call.log.write('sign-in', { counter: result.value.session.counter });
      reply.cookie = result.value.token;
      return ok(result.value.session);
    },
    signOut: () =>
      guard(async () => {
        await auth.signOut(call.token);
        reply.cookie = null;
        return null;
      }),
    changePassword: ({ currentPassword, newPassword }) =>
      guard(async () => {
        await auth.changePassword(signedIn().username, currentPassword, newPassword, call.source);
        return null;
      }),
    listAccounts: () => guard(() => auth.accounts()),
    createAccount: (input) => guard(() => auth.createAccount(signedIn().username, input)),
    resetAccountPassword: ({ username, password }) =>
      guard(async () => {
        await auth.resetPassword(username, password);
        return null;
      }),
    setAccountEnabled: ({ username, enabled }) =>
      guard(async () => {
        await auth.setEnabled(username, enabled);
        return null;
      }),
  };
}
