// Vitest's global set-up: one throwaway PostgreSQL cluster for the whole run (each test file
// makes its own databases in it), stopped and removed when the run ends.
import type { TestProject } from 'vitest/node';
import { startCluster, type ClusterAccess } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pg: ClusterAccess;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startCluster();
  project.provide('pg', cluster.access);
  return () => cluster.stop();
}
