// `yibao` — the command line (case-and-assessment.md §3). A thin adapter: read the
// case, open the store, validate, call the one engine, print. Exit 0 on success,
// 2 for a bad case file (one Chinese line per problem on stderr), 1 for anything
// else (a message, never a bare stack trace).
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assess } from '../core/engine/assess.ts';
import { formatFieldError, validateCase } from '../core/validate.ts';
import { defaultDatabasePath } from '../store/paths.ts';
import { Store } from '../store/store.ts';
import { assessmentToText } from './text.ts';
import { DEFAULT_SETTINGS } from '../services/services.ts';
import { issueSheet } from '../services/sheets.ts';
import { htmlToPdf, locateFonts } from '../sheet/pdf.ts';
import { withFontBase } from '../sheet/render.ts';
import { CaseRepository } from '../store/cases.ts';
import { SheetRepository } from '../store/sheets.ts';
import type { Settings } from '../api/contract.ts';

const USAGE = `用法：
  yibao assess CASE.json [--text] [--db 数据库文件]   核算一个案件（CASE.json 可为 - 表示标准输入）
  yibao sheet CASE.json --out sheet.pdf [--html sheet.html] [--db 数据库文件]   出具告知单（PDF 和/或 HTML）
  yibao --help | --version

  --text   输出中文摘要（默认输出 yibao-assessment/1 JSON）
  --db     政策库数据库文件（默认 $YIBAO_DB，或与桌面程序共用的用户数据目录）
退出码：0 成功；2 案件文件有误（标准错误输出逐行说明字段）；1 其他错误。
`;

class UsageError extends Error {}
class BadCaseFile extends Error {
  readonly lines: string[];
  constructor(lines: string[]) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

interface Args {
  command: string | undefined;
  file: string | undefined;
  text: boolean;
  db: string | undefined;
  out: string | undefined;
  html: string | undefined;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: undefined, file: undefined, text: false, db: undefined, out: undefined, html: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} 需要一个参数`);
      return v;
    };
    if (a === '--text') args.text = true;
    else if (a === '--db') args.db = value();
    else if (a === '--out') args.out = value();
    else if (a === '--html') args.html = value();
    else if (a.startsWith('--') && a !== '--help' && a !== '--version') throw new UsageError(`未知选项 ${a}`);
    else if (args.command === undefined) args.command = a;
    else if (args.file === undefined) args.file = a;
    else throw new UsageError(`多余的参数 ${a}`);
  }
  return args;
}

function readCase(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    throw new Error(`无法读取案件文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new BadCaseFile([`(文件): 不是有效的 JSON：${(error as Error).message}`]);
  }
}

function run(argv: string[]): number {
  const args = parseArgs(argv);
  if (args.command === '--help' || args.command === 'help' || args.command === undefined) {
    process.stdout.write(USAGE);
    return args.command === undefined ? 1 : 0;
  }
  if (args.command === '--version') {
    process.stdout.write('yibao-desk 0.1.0\n');
    return 0;
  }
  if (args.command !== 'assess' && args.command !== 'sheet') throw new UsageError(`未知命令 ${args.command}`);
  if (!args.file) throw new UsageError('缺少案件文件 CASE.json');
  if (args.command === 'sheet' && !args.out && !args.html) throw new UsageError('yibao sheet 需要 --out 文件.pdf 或 --html 文件.html');

  const input = readCase(args.file);
  const store = new Store({ file: args.db ?? defaultDatabasePath() });
  try {
    const regions = store.regions();
    const result = validateCase(input, regions);
    if (!result.ok) throw new BadCaseFile(result.errors.map(formatFieldError));
    const assessment = assess(result.value, { policies: store.policies(), regions });
    if (args.command === 'assess') {
      process.stdout.write(args.text ? assessmentToText(assessment, result.value.person.name) : `${JSON.stringify(assessment, null, 2)}\n`);
      return 0;
    }
    // The sheet: numbered, stored with its snapshot, every output recorded.
    const settings: Settings = { ...DEFAULT_SETTINGS, ...(new CaseRepository(store.db).getSetting<Partial<Settings>>('counter') ?? {}) };
    const sheet = issueSheet(store, { caseFile: result.caseFile, assessment, caseId: null, settings });
    const sheets = new SheetRepository(store.db);
    if (args.html) {
      writeFileSync(args.html, withFontBase(sheet.html, `${pathToFileURL(locateFonts()).href}/`));
      sheets.recordPrint(sheet.number, 'html', settings.clerkName, sheet.contentHash, sheet.issuedAt);
    }
    if (args.out) {
      writeFileSync(args.out, htmlToPdf(sheet.html));
      sheets.recordPrint(sheet.number, 'pdf', settings.clerkName, sheet.contentHash, sheet.issuedAt);
    }
    process.stdout.write(`告知单 ${sheet.number}（内容摘要 ${sheet.contentHash.slice(0, 16)}）已写入 ${[args.out, args.html].filter(Boolean).map((f) => resolve(f!)).join('、')}\n`);
    return 0;
  } finally {
    store.close();
  }
}

export function main(argv: string[]): number {
  try {
    return run(argv);
  } catch (error) {
    if (error instanceof BadCaseFile) {
      process.stderr.write(`${error.lines.join('\n')}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`yibao: ${error.message}\n\n${USAGE}`);
      return 1;
    }
    process.stderr.write(`yibao: ${(error as Error).message ?? String(error)}\n`);
    if (process.env.YIBAO_DEBUG) process.stderr.write(`${(error as Error).stack}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
