// `yibao serve --hall` and `yibao hall …`: the service hall from the command line — the hall
// server, its accounts, moving a counter's database in, and checking the audit chain.
// Settings come from a JSON file (--config), flags, or YIBAO_HALL_DATABASE for the database
// URL (so its password need not appear in the process list). Passwords for accounts are read
// from YIBAO_PASSWORD or, one line, from standard input — never from a flag.
import { ServiceError } from '../api/result.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as v from 'valibot';
import { HallAuth, type AuthPolicy } from '../services/hall/auth.ts';
import { ImportConflictError, importCounterDatabase } from '../store/pg/import.ts';
import { startHousekeeping } from '../services/housekeeping.ts';
import { OpLog } from '../services/log.ts';
import { chromiumPrinterIn, removeSheetTempsOnExit } from '../services/chromium-printer.ts';
import { removeStaleSheetTemps } from '../sheet/pdf.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { startHallServer } from '../server/hall-server.ts';
import { listenProblem } from '../server/hall-access.ts';
import { HallRepository } from '../store/pg/hall.ts';
import { PgStore } from '../store/pg/store.ts';
import { readAuditChainPg } from '../store/pg/policy.ts';
import { connectionRights, grantRuntimeRole } from '../store/pg/roles.ts';
import { verifyAuditChain } from '../store/audit-chain.ts';
import { auditHeadOf, checkAuditHead, shownAt, signAuditHead } from '../store/audit-head.ts';
import { locateAssets } from '../store/paths.ts';
import { UsageError } from './args.ts';
import { renderSheetHtml } from '../sheet/render.ts';
import type { SheetData } from '../sheet/sheet-data.ts';

/** A stored sheet's HTML as this program renders it from its snapshot (the import takes only sheets that match). */
const renderSheet = (snapshot: unknown): string => renderSheetHtml(snapshot as SheetData).html;

export const HALL_USAGE = `服务大厅（多个窗口共用一个 PostgreSQL 数据库）：
  yibao serve --hall [--config hall.json] [--database URL] [--listen 地址:端口] [--cert 证书.pem --key 私钥.pem] [--static 目录]
  yibao hall account add --username 用户名 --name 姓名 [--role clerk|admin] [--database URL]   密码从 YIBAO_PASSWORD 或标准输入读取
  yibao hall account list | password --username 用户名 | disable --username 用户名 | enable --username 用户名
  yibao hall import --from yibao.sqlite [--database URL]     把一个窗口的案件、告知单和打印记录导入大厅数据库（可重复执行）
  yibao hall audit --verify [--head 链头.json --public-key 公钥.pem] [--database URL]
                                                            校验政策库审计记录链（给出链头文件时，也核对导出时的链头）
  yibao hall audit --export-head 链头.json --sign-key 私钥.key [--database URL]
                                                            导出并签名审计记录链的链头（密钥由 yibao policy keygen 生成；文件与私钥请存放在服务器以外）
  yibao hall setup --database 所有者连接串 --runtime-role 运行账号   升级数据库并为服务器建立运行账号（新账号的密码从 YIBAO_PASSWORD 或标准输入读取）

  --database  PostgreSQL 连接串（也可用环境变量 YIBAO_HALL_DATABASE 或配置文件的 database）；服务器应以运行账号连接，
              setup 用所有者账号连接（所有者拥有数据表、执行升级；运行账号不能关掉或改写审计记录）
  --listen    监听地址，默认 127.0.0.1:5800；本机以外的地址必须同时给出 --cert 和 --key（TLS）
`;

/** A whole number from `min` to `max`, with what it means in the Chinese message (issue 22: 0.5 or 0 broke every sign-in). */
const whole = (min: number, max: number, meaning: string) =>
  v.pipe(
    v.number(`${meaning}应为数字`),
    v.integer(`${meaning}应为整数`),
    v.minValue(min, `${meaning}至少为 ${min}`),
    v.maxValue(max, `${meaning}至多为 ${max}`),
  );

const ConfigSchema = v.strictObject({
  database: v.optional(v.string()),
  listen: v.optional(v.string()),
  tls: v.optional(v.strictObject({ cert: v.string(), key: v.string() })),
  static: v.optional(v.string()),
  allowedHosts: v.optional(v.array(v.string())),
  log: v.optional(v.string()),
  /**
   * The hall server's own data folder (数据文件夹): Chromium's temporary profile when it prints a
   * sheet goes to its tmp folder, never the system's (issue 22, finding 15). Default: the data
   * folder a counter on this machine would use.
   */
  dataDir: v.optional(v.string()),
  session: v.optional(
    v.strictObject({
      // A session's expiry moves on at most once a minute: an idle limit under 5 minutes could end a busy session.
      idleMinutes: v.optional(whole(5, 1440, '空闲多少分钟后退出登录')),
      maxHours: v.optional(whole(1, 72, '登录最长小时数')),
    }),
  ),
  lockout: v.optional(
    v.strictObject({
      maxFailures: v.optional(whole(1, 100, '连续输错几次后开始等待')),
      lockMinutes: v.optional(whole(1, 1440, '最长等待分钟数')),
    }),
  ),
});
type HallConfig = v.InferOutput<typeof ConfigSchema>;

const OPTIONS = {
  hall: { type: 'boolean' },
  config: { type: 'string' },
  database: { type: 'string' },
  listen: { type: 'string' },
  cert: { type: 'string' },
  key: { type: 'string' },
  static: { type: 'string' },
  username: { type: 'string' },
  name: { type: 'string' },
  role: { type: 'string' },
  from: { type: 'string' },
  verify: { type: 'boolean' },
  head: { type: 'string' },
  'public-key': { type: 'string' },
  'export-head': { type: 'string' },
  'sign-key': { type: 'string' },
  'runtime-role': { type: 'string' },
  help: { type: 'boolean' },
} as const;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new UsageError(`命令行有误：${(error as Error).message}`);
  }
}

/** The settings file, relative paths in it taken from its own folder; checked before anything starts. */
export function readConfig(file: string | undefined): HallConfig {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
    throw new ServiceError(
      'INVALID_INPUT',
      `无法读取配置文件 ${file}：${code === 'ENOENT' ? '文件不存在' : code ? `读取出错（${code}）` : '不是有效的 JSON'}`,
    );
  }
  const parsed = v.safeParse(ConfigSchema, raw);
  if (!parsed.success)
    throw new ServiceError(
      'INVALID_INPUT',
      `配置文件 ${file} 有误：${parsed.issues.map((i) => `${v.getDotPath(i) ?? ''} ${i.message}`).join('；')}`,
    );
  const base = dirname(resolve(file));
  const at = (p: string | undefined) => (p ? resolve(base, p) : undefined);
  const config = parsed.output;
  return {
    ...config,
    tls: config.tls ? { cert: at(config.tls.cert) ?? '', key: at(config.tls.key) ?? '' } : undefined,
    static: at(config.static),
    log: at(config.log),
    dataDir: at(config.dataDir),
  };
}

function databaseUrl(flag: string | undefined, config: HallConfig): string {
  const url = flag ?? config.database ?? process.env.YIBAO_HALL_DATABASE;
  if (!url) throw new UsageError('需要大厅数据库的连接串：--database、配置文件的 database，或环境变量 YIBAO_HALL_DATABASE');
  return url;
}

/** "host:port", "[::1]:port" or a port alone (on 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(text) ?? (/^\d{1,5}$/.test(text) ? [text, undefined, '127.0.0.1', text] : null);
  const port = Number(m?.[3]);
  const host = m?.[1] ?? m?.[2];
  if (!m || !host || !(port >= 0 && port <= 65535)) throw new UsageError(`--listen 应为 地址:端口（如 127.0.0.1:5800），收到 ${text}`);
  return { host, port };
}

const out = (text: string) => process.stdout.write(`${text}\n`);

/** One line from standard input (a password typed or piped; never echoed into the log). */
async function readSecret(prompt: string): Promise<string> {
  if (process.env.YIBAO_PASSWORD) return process.env.YIBAO_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (!line) throw new UsageError('没有读到密码：请设置 YIBAO_PASSWORD，或从标准输入给出一行密码');
  return line;
}

function authPolicy(config: HallConfig): Partial<AuthPolicy> {
  return { ...config.session, ...config.lockout };
}

/** `yibao serve --hall`: runs until SIGINT/SIGTERM. */
async function serve(values: ReturnType<typeof parse>['values']): Promise<number> {
  if (!values.hall) throw new UsageError('yibao serve 目前只提供服务大厅模式：yibao serve --hall …（单机浏览器模式请用 npm start）');
  const config = readConfig(values.config);
  const listen = parseListen(values.listen ?? config.listen ?? '127.0.0.1:5800');
  const certFile = values.cert ?? config.tls?.cert;
  const keyFile = values.key ?? config.tls?.key;
  if (Boolean(certFile) !== Boolean(keyFile)) throw new UsageError('TLS 需要同时给出证书（--cert）和私钥（--key）');
  // Checked before anything else is opened: no plain HTTP beyond loopback, ever.
  const refused = listenProblem(listen.host, Boolean(certFile && keyFile));
  if (refused) throw new ServiceError('INVALID_INPUT', refused);
  const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : null;
  const log = new OpLog(config.log ?? null);
  const staticDir = values.static ?? config.static ?? join(dirname(locateAssets()), 'dist', 'renderer');
  if (!existsSync(join(staticDir, 'index.html')))
    process.stderr.write(
      `注意：${staticDir} 中没有构建好的窗口页面（index.html），浏览器将打不开；请先运行 npm run build:renderer，或用 --static 指定。\n`,
    );
  const store = await PgStore.open({ url: databaseUrl(values.database, config), onIdleError: () => log.write('db-connection-lost', {}) });
  // The server should connect as the runtime role (issue 22, finding 16); as the owner or a superuser it could turn the audit's protection off.
  const rights = await connectionRights(store.pool);
  if (rights.superuser || rights.ownsAudit) {
    log.write('db-role-owns-tables', { superuser: rights.superuser });
    process.stderr.write(
      `注意：服务器以${rights.superuser ? '超级用户' : '数据表所有者'} ${rights.role} 连接数据库，程序能关掉审计记录的保护。` +
        `请用 yibao hall setup --database 所有者连接串 --runtime-role yibao_app 建立运行账号，并让服务器以运行账号连接。\n`,
    );
  }
  const auth = new HallAuth(new HallRepository(store.pool), authPolicy(config));
  // Chromium's temporary profile when printing: in the hall's data folder, removed however the
  // process ends, and any left by an instance killed outright removed now (issue 22, finding 15).
  const tempRoot = join(config.dataDir ?? dirname(defaultDatabasePath()), 'tmp');
  removeSheetTempsOnExit();
  const stale = removeStaleSheetTemps(tempRoot);
  if (stale) log.write('stale-temps-removed', { count: stale });
  const hall = await startHallServer({
    store,
    auth,
    host: listen.host,
    port: listen.port,
    tls,
    staticDir,
    allowedHosts: config.allowedHosts,
    log,
    printer: chromiumPrinterIn(tempRoot),
  });
  // The retention purge at start and daily, as on a counter (any instance may run it; it is idempotent).
  await startHousekeeping(store, log);
  out(`医保续缴核算台（服务大厅）已启动：${hall.url}${tls ? '' : '（仅本机，未启用 TLS）'}`);
  await new Promise<void>((done) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
  });
  await hall.close();
  await store.close();
  return 0;
}

async function withStore<T>(values: ReturnType<typeof parse>['values'], work: (store: PgStore) => Promise<T>): Promise<T> {
  const config = readConfig(values.config);
  const store = await PgStore.open({ url: databaseUrl(values.database, config) });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function account(sub: string | undefined, values: ReturnType<typeof parse>['values']): Promise<number> {
  const username = () => {
    if (!values.username) throw new UsageError(`yibao hall account ${sub ?? ''} 需要 --username`);
    return values.username;
  };
  return withStore(values, async (store) => {
    const auth = new HallAuth(new HallRepository(store.pool));
    switch (sub) {
      case 'add': {
        const role = values.role ?? 'clerk';
        if (role !== 'clerk' && role !== 'admin') throw new UsageError('--role 只能是 clerk（经办人）或 admin（管理员）');
        if (!values.name) throw new UsageError('yibao hall account add 需要 --name 姓名');
        const created = await auth.createAccount('命令行', {
          username: username(),
          displayName: values.name,
          role,
          password: await readSecret('密码：'),
        });
        out(`已创建账号 ${created.username}（${created.displayName}，${created.role === 'admin' ? '管理员' : '经办人'}）`);
        return 0;
      }
      case 'list':
        for (const a of await auth.accounts())
          out(
            `${a.username}\t${a.displayName}\t${a.role === 'admin' ? '管理员' : '经办人'}\t${a.enabled ? '启用' : '停用'}${a.lockedUntil ? `\t锁定至 ${a.lockedUntil}` : ''}`,
          );
        return 0;
      case 'password':
        await auth.resetPassword(username(), await readSecret('新密码：'));
        out(`已为 ${username()} 设置新密码（该账号的登录已全部退出，锁定已解除）`);
        return 0;
      case 'disable':
      case 'enable':
        await auth.setEnabled(username(), sub === 'enable');
        out(`已${sub === 'enable' ? '启用（并解锁）' : '停用'}账号 ${username()}`);
        return 0;
      default:
        throw new UsageError(`未知的 yibao hall account 子命令 ${sub ?? ''}`);
    }
  });
}

const readText = (file: string, what: string): string => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new ServiceError('INVALID_INPUT', `无法读取${what} ${file}`);
  }
};

/** `yibao hall audit --verify [--head --public-key]` and `--export-head --sign-key` (issue 22, finding 16). */
async function audit(values: ReturnType<typeof parse>['values']): Promise<number> {
  const exportTo = values['export-head'];
  if (!values.verify && !exportTo)
    throw new UsageError(
      '用法：yibao hall audit --verify [--head 链头.json --public-key 公钥.pem]，或 --export-head 链头.json --sign-key 私钥.key',
    );
  if (values.head && !values['public-key']) throw new UsageError('核对链头需要 --public-key 公钥.pem（导出时所用私钥的公钥）');
  if (exportTo && !values['sign-key']) throw new UsageError('导出链头需要 --sign-key 私钥.key（yibao policy keygen 生成）');
  return withStore(values, async (store) => {
    const rows = await readAuditChainPg(store.pool);
    const database = (await store.pool.query<{ d: string }>(`SELECT current_database()::text AS d`)).rows[0]?.d ?? '';
    const chain = verifyAuditChain(rows);
    if (!chain.ok) {
      process.stderr.write(`${chain.message}\n`);
      return 1;
    }
    if (exportTo) {
      const signKey = readText(values['sign-key'] ?? '', '签名私钥');
      let signed;
      try {
        signed = signAuditHead(auditHeadOf(rows, database, new Date().toISOString()), signKey);
      } catch (error) {
        throw new ServiceError('INVALID_INPUT', (error as Error).message);
      }
      writeFileSync(exportTo, `${JSON.stringify(signed, null, 2)}\n`);
      out(
        `已导出政策库审计记录链的链头：第 ${signed.lastId} 条（共 ${signed.rows} 条），签名密钥 ${signed.signature.keyId}，写入 ${exportTo}。请把它存放在服务器以外。`,
      );
      return 0;
    }
    if (values.head) {
      const check = checkAuditHead(rows, database, readText(values.head, '审计链头文件'), readText(values['public-key'] ?? '', '公钥'));
      if (!check.ok) {
        process.stderr.write(`${check.message}\n`);
        return 1;
      }
      out(
        `政策库审计记录链完整（${check.rows} 条），与 ${shownAt(check.exportedAt)} 导出的链头（第 ${check.lastId} 条）一致；其后新增 ${check.addedSince} 条。`,
      );
      return 0;
    }
    out(`政策库审计记录链完整（${chain.rows} 条）。`);
    return 0;
  });
}

/**
 * `yibao hall setup`: on the owner's connection, brings the database to this program's schema
 * and gives the runtime role (created when missing) exactly its rights. Run again after every
 * upgrade of the program.
 */
async function setup(values: ReturnType<typeof parse>['values']): Promise<number> {
  const role = values['runtime-role'];
  if (!role) throw new UsageError('yibao hall setup 需要 --runtime-role 运行账号名（服务器连接数据库所用的账号，如 yibao_app）');
  const url = values.database ?? process.env.YIBAO_HALL_OWNER_DATABASE;
  if (!url) throw new UsageError('yibao hall setup 需要所有者的连接串：--database 或环境变量 YIBAO_HALL_OWNER_DATABASE');
  const store = await PgStore.open({ url });
  try {
    const report = await grantRuntimeRole(store.pool, role, () => readSecret(`运行账号 ${role} 的新密码：`));
    const runtimeUrl = new URL(url);
    runtimeUrl.username = role;
    runtimeUrl.password = '';
    out(
      `大厅数据库 ${report.database} 已是本程序的版本；运行账号 ${role}${report.created ? '已创建' : '已存在'}，只有读写业务数据的权限，` +
        `不能修改表结构、关掉触发器或写审计记录。\n服务器请以运行账号连接：${runtimeUrl.toString().replace(`${role}@`, `${role}:密码@`)}`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

/** `yibao serve …` and `yibao hall …`. */
export async function runHallCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(HALL_USAGE);
    return 0;
  }
  const [command, sub, subsub] = positionals;
  if (command === 'serve') return serve(values);
  switch (sub) {
    case 'account':
      return account(subsub, values);
    case 'import': {
      if (!values.from) throw new UsageError('yibao hall import 需要 --from 窗口的数据库文件（yibao.sqlite）');
      const from = values.from;
      const report = await withStore(values, (store) =>
        importCounterDatabase(resolve(from), store, { renderSheet }).catch((error: unknown) => {
          // The reasons are the clerk's to read (Chinese), not an internal error.
          if (error instanceof ImportConflictError) throw new ServiceError('INVALID_INPUT', error.message);
          throw error;
        }),
      );
      out(
        `已从 ${report.source} 导入：案件 ${report.cases.moved} 件（已在大厅 ${report.cases.present} 件）、` +
          `告知单 ${report.sheets.moved} 份（已在大厅 ${report.sheets.present} 份）、打印记录 ${report.prints.moved} 条（已在大厅 ${report.prints.present} 条）、` +
          `已缴标记 ${report.marks.moved} 条（已在大厅 ${report.marks.present} 条）`,
      );
      return 0;
    }
    case 'audit':
      return audit(values);
    case 'setup':
      return setup(values);
    default:
      throw new UsageError(`未知的 yibao hall 子命令 ${sub ?? ''}`);
  }
}
