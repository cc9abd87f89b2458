// Browser mode entry: `node dist/server/main.mjs [--port N] [--db FILE] [--static DIR] [--no-open]`.
// Serves the built renderer and the API on 127.0.0.1 only.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openServices } from '../services/open-local.ts';
import { removeSheetTempsOnExit } from '../services/chromium-printer.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { startLoopbackServer } from './loopback.ts';

// Temporary sheet copies (for PDFs) are removed however the server ends.
removeSheetTempsOnExit();
/** The port asked for, for the message when it is taken. */
let portAsked = '';
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
  portAsked = values.port;
  const api = await openServices(values.db);
  const { url } = await startLoopbackServer({ api, staticDir: resolve(values.static), port: Number(values.port) });
  console.log(`医保续缴核算台（浏览器模式）已启动：${url}`);
  console.log(`数据库：${values.db}　按 Ctrl+C 退出`);
} catch (error) {
  // openServices answers a database it cannot open with Chinese messages; what is left is the
  // command line and the port.
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  console.error(
    code === 'EADDRINUSE'
      ? `无法启动：端口 ${portAsked} 已被占用（核算台可能已在运行，或另一个程序占用了它）。请换一个端口，例如 --port ${Number(portAsked) + 1}，或关闭占用它的程序。`
      : code.startsWith('ERR_PARSE_ARGS')
        ? '无法启动：命令行参数有误；可用 --port N、--db 文件、--static 文件夹、--no-open。'
        : '无法启动：请检查端口和数据文件夹后重试（YIBAO_DEBUG=1 可显示详情）。',
  );
  if (process.env.YIBAO_DEBUG) console.error(error);
  process.exit(1);
}
