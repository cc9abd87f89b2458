// `yibao` — the command line (docs/case-format.md §3). A thin adapter: read the
// case, open the store, validate, call the one engine, print. Exit 0 on success,
// 2 for a bad case file (one Chinese line per problem on stderr), 1 for anything
// else (a message, never a bare stack trace).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServiceError } from '../api/result.ts';
import { checkAndAssess } from '../core/check-and-assess.ts';
import { decodeUtf8, NOT_UTF8_MESSAGE } from '../core/utf8.ts';
import { formatFieldError } from '../core/validate.ts';
import { assessmentToText } from './text.ts';
import { loadSettings } from '../services/settings.ts';
import { issueSheet, recordOutput } from '../services/sheets.ts';
import { chromiumPrinterIn } from '../services/chromium-printer.ts';
import { INTERNAL_MESSAGE } from '../services/errors.ts';
import { locateFonts, NoChromiumError, PdfError, removeSheetTempsOnExit, removeStaleSheetTemps } from '../sheet/pdf.ts';
import { storageProblem, StoreError } from '../store/errors.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { withFontBase } from '../sheet/render.ts';
import { HALL_USAGE, runHallCommand } from './hall.ts';
import { runPolicyCommand } from './policy.ts';
import { runRemindersCommand } from './reminders.ts';
import { BadInput, openStore, parseCommandLine, UsageError } from './args.ts';

const USAGE = `用法：
  yibao assess CASE.json [--text] [--db 数据库文件]   核算一个案件（CASE.json 可为 - 表示标准输入）
  yibao sheet CASE.json --out sheet.pdf [--html sheet.html] [--db 数据库文件]   出具告知单（PDF 和/或 HTML）
  yibao policy list [--region 代码] [--expiring | --conflicts] [--json]   政策库（或到期文件、与内置政策库的冲突）
  yibao policy release [--json]                                 本程序内置政策库最近一次更新了什么
  yibao policy coverage [--region 代码] [--as-of 日期] [--json | --markdown]   政策库对36个城市八个标准问题的覆盖情况
  yibao policy resolve 编号 (--keep-mine | --take-release) --pin 管理员PIN   处理冲突：保留本地值或采用内置值
  yibao policy export (--region 代码[,代码] | --all) --key 私钥 --by 单位 --out 包.json   导出签名政策包
  yibao policy verify 包.json                                   校验政策包（摘要、签名、差异）
  yibao policy import 包.json --pin 管理员PIN [--actor 姓名]     导入政策包（一次完成）
  yibao policy keygen --out 前缀      生成签名密钥（市局）
  yibao policy trust 公钥.pem --name 单位 --region 代码[,代码] --pin 管理员PIN   添加受信任的公钥（限定可签署的地区）
  yibao policy pin --new 新PIN [--current 旧PIN]                 设置管理员 PIN（6–12 位数字）
  yibao policy audit [--verify]                                 审计记录（--verify：核对链式摘要）
  yibao reminders [--within 天数] [--csv 文件.csv] [--as-of 日期] [--json]   到期提醒：N 天内（默认14天）缴费期限届满的客户；--csv 导出短信平台文件
  yibao --help | --version

  --text   输出中文摘要（默认输出 yibao-assessment/1 JSON）
  --db     政策库数据库文件（默认 $YIBAO_DB，或与桌面程序共用的用户数据目录）
退出码：0 成功；2 案件文件或政策包有误（标准错误输出逐行说明）；1 其他错误。
`;

function readCase(file: string): unknown {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file === '-' ? 0 : file);
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : '';
    const why =
      code === 'ENOENT'
        ? '文件不存在'
        : code === 'EISDIR'
          ? '这是一个文件夹'
          : code === 'EACCES'
            ? '没有读取权限'
            : `读取出错（${code || '未知原因'}）`;
    throw new ServiceError('INVALID_INPUT', `无法读取案件文件 ${file}：${why}`);
  }
  const text = decodeUtf8(bytes);
  if (text === null) throw new BadInput([NOT_UTF8_MESSAGE]);
  try {
    return JSON.parse(text);
  } catch {
    throw new BadInput(['(文件): 不是有效的 JSON：请检查括号、引号和逗号是否完整']);
  }
}

async function run(argv: string[]): Promise<number> {
  // The service hall's commands have their own options (src/cli/hall.ts).
  if (argv[0] === 'serve' || argv[0] === 'hall') return runHallCommand(argv);
  const args = parseCommandLine(argv);
  // Temporary sheet copies live in the data folder; those of an earlier, killed run go now.
  removeSheetTempsOnExit();
  const tempRoot = join(dirname(args.values.db ?? defaultDatabasePath()), 'tmp');
  removeStaleSheetTemps(tempRoot);
  const [command, file] = args.positional;
  if (args.values.help || command === 'help') {
    process.stdout.write(`${USAGE}
${HALL_USAGE}`);
    return 0;
  }
  if (args.values.version) {
    process.stdout.write('yibao-desk 0.1.0\n');
    return 0;
  }
  if (command === undefined) {
    process.stdout.write(USAGE);
    return 1;
  }
  if (command === 'policy') return runPolicyCommand(args);
  if (command === 'reminders') return runRemindersCommand(args);
  if (command !== 'assess' && command !== 'sheet') throw new UsageError(`未知命令 ${command}`);
  if (args.positional.length > 2) throw new UsageError(`多余的参数 ${args.positional[2]}`);
  if (!file) throw new UsageError('缺少案件文件 CASE.json');
  const { out, html } = args.values;
  if (command === 'sheet' && !out && !html) throw new UsageError('yibao sheet 需要 --out 文件.pdf 或 --html 文件.html');

  const input = readCase(file);
  const store = await openStore(args);
  try {
    const result = checkAndAssess(input, { policies: store.policies(), regions: store.regions() });
    if (!result.valid) throw new BadInput(result.errors.map(formatFieldError));
    const { assessment } = result;
    if (command === 'assess') {
      process.stdout.write(
        args.values.text ? assessmentToText(assessment, result.normalized.person.name) : `${JSON.stringify(assessment, null, 2)}\n`,
      );
      return 0;
    }
    // The sheet: numbered, stored with its snapshot, every output recorded.
    const settings = await loadSettings(store);
    const sheet = await issueSheet(store, { caseFile: result.caseFile, assessment, caseId: null, settings });
    if (html) {
      writeFileSync(html, withFontBase(sheet.html, `${pathToFileURL(locateFonts()).href}/`));
      await recordOutput(store, sheet, 'html', settings.clerkName, sheet.issuedAt);
    }
    if (out) {
      writeFileSync(out, await chromiumPrinterIn(tempRoot).pdf(sheet));
      await recordOutput(store, sheet, 'pdf', settings.clerkName, sheet.issuedAt);
    }
    process.stdout.write(
      `告知单 ${sheet.number}（内容摘要 ${sheet.contentHash.slice(0, 16)}）已写入 ${[out, html]
        .filter((f): f is string => Boolean(f))
        .map((f) => resolve(f))
        .join('、')}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}

/** What the user reads for a failure: our own Chinese messages as they are, never an engine's English. */
function clerkMessage(error: unknown): string {
  const problem = storageProblem(error);
  if (problem) return problem.message;
  if (error instanceof ServiceError || error instanceof StoreError || error instanceof NoChromiumError || error instanceof PdfError)
    return error.message;
  return `${INTERNAL_MESSAGE}（设置环境变量 YIBAO_DEBUG=1 可显示详情）`;
}

export async function main(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (error) {
    if (error instanceof BadInput) {
      process.stderr.write(`${error.lines.join('\n')}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`yibao: ${error.message}\n\n${USAGE}`);
      return 1;
    }
    process.stderr.write(`yibao: ${clerkMessage(error)}\n`);
    if (process.env.YIBAO_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
