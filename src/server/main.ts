// Browser mode entry: `node dist/server/main.mjs [--port N] [--db FILE] [--static DIR]`.
// Serves the built renderer and the API on 127.0.0.1 only.
import { resolve } from 'node:path';
import { defaultDatabasePath } from '../store/paths.ts';
import { startLoopbackServer } from './loopback.ts';
import { openServices } from '../services/open-local.ts';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = option('--db') ?? defaultDatabasePath();
try {
  const api = await openServices(db);
  const { url } = await startLoopbackServer({
    api,
    staticDir: resolve(option('--static') ?? 'dist/renderer'),
    port: Number(option('--port') ?? 0),
  });
  console.log(`医保续缴核算台（浏览器模式）已启动：${url}`);
  console.log(`数据库：${db}　按 Ctrl+C 退出`);
} catch (error) {
  console.error(`无法启动：${(error as Error).message}`);
  process.exit(1);
}
