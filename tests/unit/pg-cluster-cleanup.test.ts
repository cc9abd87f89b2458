// The throwaway PostgreSQL cluster of a test run is removed even when the run is killed
// (issue 19): its folder names the process that started it, and the next start stops and
// removes a cluster whose owner is gone — and leaves a live owner's cluster alone.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { postgresBinDir, removeAbandonedClusters } from '../support/pg-cluster.ts';

const running = (pid: number) => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

it.skipIf(!postgresBinDir())(
  'a killed run’s cluster is stopped and removed at the next start; a live one is kept',
  { timeout: 90_000 },
  async () => {
    const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'support', 'cluster-child.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const { dir } = await new Promise<{ dir: string }>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { dir: string });
      });
      child.on('exit', (code) => reject(new Error(`cluster child exited ${String(code)}`)));
    });
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(running(postmaster)).toBe(true);

    // Its owner is alive: nothing of it is touched.
    expect(removeAbandonedClusters()).not.toContain(dir);
    expect(existsSync(dir)).toBe(true);

    // The owner is killed without a chance to clean up.
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
    expect(running(postmaster)).toBe(true);

    expect(removeAbandonedClusters()).toContain(dir);
    expect(existsSync(dir)).toBe(false);
    await expect.poll(() => running(postmaster), { timeout: 20_000 }).toBe(false);
  },
);
