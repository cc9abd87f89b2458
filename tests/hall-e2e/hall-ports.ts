// The accounts a hall of the browser tests (tests/hall-e2e/support.ts) and the demo hall start with.

export const HALL_ACCOUNTS = [
  { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' },
  { username: 'li', displayName: '李强', role: 'clerk', password: 'li-pass-1' },
  { username: 'admin', displayName: '管科长', role: 'admin', password: 'admin-pass-1' },
] as const;
