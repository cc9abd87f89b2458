// The two stores behind the same repository interfaces (src/store/ports.ts): the embedded
// SQLite file of a single counter and the PostgreSQL database of a service hall. The store and
// service suites run once per backend, in the same `npm test` run.
import { inject } from 'vitest';
import { PgStore } from '../../src/store/pg/store.ts';
import type { Repositories } from '../../src/store/ports.ts';
import { Store } from '../../src/store/store.ts';
import { createDatabase } from './pg-cluster.ts';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface OpenedBackend {
  kind: Backend;
  repos: Repositories;
  /** The PostgreSQL URL of this database (postgres only). */
  url: string | null;
  close(): Promise<void>;
}

/**
 * A fresh, seeded store of one kind (a new in-memory SQLite database, or a new PostgreSQL database);
 * `now`, when given, is the stores' clock (time is an input).
 */
export async function openBackend(kind: Backend, options: { now?: () => string } = {}): Promise<OpenedBackend> {
  if (kind === 'sqlite') {
    const store = new Store({ file: ':memory:', ...(options.now ? { now: options.now } : {}) });
    return { kind, repos: store, url: null, close: async () => store.close() };
  }
  const url = await createDatabase(inject('pg'));
  const store = await PgStore.open({ url, ...(options.now ? { now: options.now } : {}) });
  return { kind, repos: store, url, close: () => store.close() };
}
