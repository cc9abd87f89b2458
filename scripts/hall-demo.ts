// A demo service hall on one machine (`npm run hall:demo`), also the hall of the browser tests:
// a throwaway PostgreSQL cluster (initdb in a temporary folder, a free port, 127.0.0.1 only),
// one hall database with three accounts, and two hall server instances — two separate
// `yibao serve --hall` processes — on loopback. Ctrl+C (or SIGTERM) stops the instances and
// the cluster and removes its files.
//   node scripts/run-ts.mjs scripts/hall-demo.ts [--ports 5800,5801] [--no-build]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HallAuth } from '../src/services/hall/auth.ts';
import { HallRepository } from '../src/store/pg/hall.ts';
import { PgStore } from '../src/store/pg/store.ts';
import { HALL_ACCOUNTS } from '../tests/hall-e2e/hall-ports.ts';
import { asSuperuser, startCluster } from '../tests/support/pg-cluster.ts';
import { grantRuntimeRole } from '../src/store/pg/roles.ts';

/** The role the demo's servers connect as (the owner is the cluster's application role). */
const RUNTIME_ROLE = 'yibao_app';

const root = join(import.meta.dirname, '..');
const { values } = parseArgs({ options: { ports: { type: 'string' }, 'no-build': { type: 'boolean' } } });
const ports = (values.ports ?? '5800,5801').split(',').map(Number);
if (!values['no-build']) {
  const node = join(root, 'node_modules', '.bin', 'node');
  for (const step of [
    [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
    [join(root, 'scripts', 'build-cli.mjs')],
  ])
    if (spawnSync(node, step, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

const cluster = await startCluster();
const children: ChildProcess[] = [];
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill('SIGTERM');
  setTimeout(() => {
    cluster.stop();
    process.exit(0);
  }, 300);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
// Started by a program that is gone (a killed test run): stop too, and remove the cluster.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop(), 1_000).unref();

try {
  // Two roles, as in a real hall (issue 22, finding 16): the cluster's application role owns the
  // database and migrates it; the servers connect as a runtime role that cannot touch the audit.
  const ownerUrl = await cluster.createDatabase('yibao_hall');
  const runtimePassword = randomBytes(18).toString('base64url');
  await asSuperuser(cluster.access, 'postgres', (c) => c.query(`CREATE ROLE ${RUNTIME_ROLE} LOGIN PASSWORD '${runtimePassword}'`));
  const store = await PgStore.open({ url: ownerUrl });
  await grantRuntimeRole(store.pool, RUNTIME_ROLE, () => Promise.resolve(runtimePassword));
  const auth = new HallAuth(new HallRepository(store.pool));
  for (const a of HALL_ACCOUNTS) await auth.createAccount('演示准备', a);
  await store.settings.set('counter', { officeName: '南京市医保服务大厅（演示）', defaultRegion: '320100' });
  await store.close();
  const url = new URL(ownerUrl);
  url.username = RUNTIME_ROLE;
  url.password = runtimePassword;
  // One after the other, each once it says it has started (so a caller waiting on the last port has both).
  // Port 0: the kernel picks a free one (the browser tests' halls); the URLs printed are the real ones.
  const urls: string[] = [];
  for (const port of ports) {
    const child = spawn(process.execPath, [join(root, 'bin', 'yibao.mjs'), 'serve', '--hall', '--listen', `127.0.0.1:${port}`], {
      env: { ...process.env, YIBAO_HALL_DATABASE: url.toString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    await new Promise<void>((ready, failed) => {
      child.stdout?.on('data', (d: Buffer) => {
        process.stdout.write(d);
        const started = /已启动：(https?:\/\/\S+?\/)/.exec(d.toString());
        if (started?.[1]) {
          urls.push(started[1]);
          ready();
        }
      });
      child.on('exit', (code) => {
        failed(new Error(`hall instance on ${port} exited (${code})`));
        if (!stopping) stop();
      });
    });
  }
  console.log(`\n演示服务大厅：PostgreSQL 在 127.0.0.1:${cluster.port}（临时，退出时删除）；两个服务实例：${urls.join('  ')}`);
  console.log(
    `账号：${HALL_ACCOUNTS.map((a) => `${a.username} / ${a.password}（${a.displayName}，${a.role === 'admin' ? '管理员' : '经办人'}）`).join('；')}`,
  );
  console.log('按 Ctrl+C 退出');
} catch (error) {
  console.error(error);
  stop();
}
