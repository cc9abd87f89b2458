// Browser mode entry: `node dist/server/main.mjs [--port N] [--db FILE] [--static DIR] [--no-open]`.
// Serves the built renderer and the API on 127.0.0.1 only.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServices } from '../services/open-local.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { startLoopbackServer } from './loopback.ts';

try {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      db: { type: 'string', default: defaultDatabasePath() },
      static: { type: 'string', default: 'dist/renderer' },
      // Read by scripts/start.mjs (whether to open a browser); accepted here so it can be passed through.
      'no-open': { type: 'boolean' },
    },
  });
  const api = await openServices(values.db);
  const { url } = await startLoopbackServer({ api, staticDir: resolve(values.static), port: Number(values.port) });
  console.log(`医保续缴核算台（浏览器模式）已启动：${url}`);
  console.log(`数据库：${values.db}　按 Ctrl+C 退出`);
} catch (error) {
  console.error(`无法启动：${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
