// The two hall server instances of the hall browser tests, and the accounts they start with.
import { E2E_PORT } from '../e2e/ports.ts';

export const HALL_PORTS = [E2E_PORT + 50, E2E_PORT + 51] as const;

export const HALL_ACCOUNTS = [
  { username: 'wang', displayName: '王芳', role: 'clerk', password: 'wang-pass-1' },
  { username: 'li', displayName: '李强', role: 'clerk', password: 'li-pass-1' },
  { username: 'admin', displayName: '管科长', role: 'admin', password: 'admin-pass-1' },
] as const;
