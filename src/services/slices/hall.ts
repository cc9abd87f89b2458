// The hall calls on a counter's own database: there is no signing in and no accounts there.
// In a service hall, src/server/hall-server.ts answers these calls itself, per session.
import type { ServiceSlice } from '../../api/contract.ts';
import { fail } from '../../api/result.ts';

const LOCAL_ONLY = '本机单独使用时没有登录和账号；这些功能只在服务大厅模式（yibao serve --hall）下使用。';

export function localHallServices(): ServiceSlice<'hall'> {
  const refused = async () => fail('UNSUPPORTED', LOCAL_ONLY);
  return {
    hallStatus: async () => ({ ok: true, value: { mode: 'local' } }),
    signIn: refused,
    signOut: refused,
    changePassword: refused,
    listAccounts: refused,
    createAccount: refused,
    resetAccountPassword: refused,
    setAccountEnabled: refused,
  };
}
