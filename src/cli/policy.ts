// `yibao policy …`: the policy library from the command line — list (and expiring
// documents), export a signed pack, verify and import one, make signing keys, trust a key,
// set the administrator PIN.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ServiceError } from '../api/result.ts';
import { GRADE_ZH } from '../core/policy/policy-set.ts';
import { parseDate } from '../core/calendar.ts';
import { coverageMarkdown } from '../core/policy/coverage.ts';
import { keyLabel } from '../core/policy/keys.ts';
import { checkAdminPin, hasAdminPin, setAdminPin } from '../services/admin-pin.ts';
import { auditIntact, auditProblem } from '../services/audit-check.ts';
import { localTimestamp } from '../services/clock.ts';
import { OpLog } from '../services/log.ts';
import { expiringDocuments } from '../services/policy-admin.ts';
import { addTrustedKey, applyPack, checkPack, exportPack, generateSigningKeys, scopeText } from '../services/policy-packs.ts';
import { policyCoverage } from '../services/policy-coverage.ts';
import { releaseConflicts, resolveConflict } from '../services/policy-release.ts';
import { conflictText, coverageText, releaseText } from './policy-text.ts';
import { BadInput, openStore, UsageError, type Args, type OptionName } from './args.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

export async function runPolicyCommand(args: Args): Promise<number> {
  const [, sub, file] = args.positional;
  const need = (name: OptionName, what: string) => {
    const value = args.values[name];
    if (typeof value !== 'string' || !value) throw new UsageError(`yibao policy ${sub} 需要 --${name} ${what}`);
    return value;
  };
  if (sub === 'keygen') {
    const base = need('out', '文件名前缀（如 office）');
    const keys = generateSigningKeys();
    writeFileSync(`${base}.key`, keys.privateKeyPem, { mode: 0o600 });
    writeFileSync(`${base}.pub.pem`, keys.publicKeyPem);
    out(
      `已生成签名密钥 ${keys.keyId}：私钥 ${base}.key（请妥善保管，只留在市局）、公钥 ${base}.pub.pem（发给各窗口，在设置中添加为受信任密钥）`,
    );
    return 0;
  }
  const store = await openStore(args);
  try {
    const today = localTimestamp().slice(0, 10);
    // Every wrong PIN is logged (never the PIN), beside the database like the window's log.
    const log = new OpLog(join(dirname(store.file), 'logs', 'yibao.log'));
    const requirePin = async (option: 'pin' | 'current' = 'pin') => {
      const problem = await checkAdminPin(store, args.values[option], { log });
      if (problem) throw new ServiceError('INVALID_INPUT', problem);
    };
    switch (sub) {
      case 'list': {
        if (args.values.conflicts) {
          const conflicts = await releaseConflicts(store);
          if (args.values.json) out(JSON.stringify(conflicts, null, 2));
          else if (!conflicts.length) out('没有待处理的冲突：内置政策库的更新都已生效，或已由管理员处理。');
          else for (const c of conflicts) out(conflictText(c, store.regions()));
          return 0;
        }
        if (args.values.expiring) {
          const list = await expiringDocuments(store, today);
          if (args.values.json) out(JSON.stringify(list, null, 2));
          else if (!list.length) out('没有已到期或90天内到期的政策文件。');
          else
            for (const e of list)
              out(
                `${e.status === 'expired' ? '已到期' : '将到期'}  ${e.document.effectiveTo}（${e.daysLeft < 0 ? `已过 ${-e.daysLeft} 天` : `还有 ${e.daysLeft} 天`}）  ${e.document.number}《${e.document.title}》  地区 ${e.regions.join('、')}`,
              );
          return 0;
        }
        const region = args.values.region;
        const rows = store.policies().rows.filter((r) => !region || r.region === region);
        if (args.values.json) out(JSON.stringify(rows, null, 2));
        else
          for (const r of rows)
            out(
              `${r.region}\t${r.key}\t${JSON.stringify(r.value)}\t${r.effectiveFrom}–${r.effectiveTo ?? ''}\t${r.document.number}${r.article ? ` ${r.article}` : ''}\t${r.grade}（${GRADE_ZH[r.grade]}）\t核对 ${r.lastReviewed}\t${keyLabel(r.key)}`,
            );
        return 0;
      }
      case 'export': {
        const target = need('out', '政策包文件');
        const privateKeyPem = readFileSync(need('key', '私钥文件'), 'utf8');
        const regions = args.values.all
          ? 'all'
          : need('region', '地区代码（可用逗号分隔多个）或 --all')
              .split(',')
              .map((r) => r.trim());
        const pack = await exportPack(store, { regions, privateKeyPem, createdBy: need('by', '出具单位名称') });
        writeFileSync(target, `${JSON.stringify(pack, null, 2)}\n`);
        out(
          `已导出 ${pack.values.length} 条政策记录到 ${target}（内容摘要 ${pack.contentHash.slice(0, 16)}，签名密钥 ${pack.signature.keyId}）`,
        );
        return 0;
      }
      case 'verify':
      case 'import': {
        if (!file) throw new UsageError(`yibao policy ${sub} 需要政策包文件`);
        const check = await checkPack(store, readFileSync(file, 'utf8'));
        if (!check.ok) throw new BadInput(check.errors);
        out(
          `政策包 ${check.pack.contentHash.slice(0, 16)}：${check.pack.createdBy}（${check.pack.createdAt}）出具，签名有效（${check.signer.name}）`,
        );
        out(
          `将新增 ${check.diff.added.length} 条、截止 ${check.diff.closed.length} 条、新增文件 ${check.diff.newDocuments.length} 个；${check.diff.unchanged} 条与本机相同`,
        );
        for (const r of check.diff.added)
          out(`  + ${r.region} ${r.key} = ${JSON.stringify(r.value)}（${r.effectiveFrom} 起，${r.document.number}）`);
        for (const c of check.diff.closed) out(`  ⊣ ${c.row.region} ${c.row.key} = ${JSON.stringify(c.row.value)} 截止于 ${c.effectiveTo}`);
        if (sub === 'verify') return 0;
        await requirePin();
        await applyPack(store, check, args.values.actor ?? '命令行导入');
        out('已导入（一次完成，已记入审计日志）。');
        return 0;
      }
      case 'trust': {
        if (!file) throw new UsageError('yibao policy trust 需要公钥文件');
        const regions = need('region', '该密钥可签署的地区代码（市、省或 CN，可用逗号分隔多个）').split(',');
        await requirePin();
        const key = await addTrustedKey(store, need('name', '密钥所属单位'), readFileSync(file, 'utf8'), localTimestamp(), regions);
        out(`已添加受信任密钥 ${key.keyId}（${key.name}），可签署：${scopeText(store.regions(), key.regions ?? [])}`);
        return 0;
      }
      case 'coverage': {
        const asOf = args.values['as-of'] ?? today;
        if (parseDate(asOf) === null) throw new UsageError(`--as-of 应为真实的日期 YYYY-MM-DD，收到 "${asOf}"`);
        const report = await policyCoverage(store, { region: args.values.region ?? null, asOf });
        if (args.values.json) out(JSON.stringify(report, null, 2));
        else if (args.values.markdown) out(coverageMarkdown(report));
        else out(coverageText(report));
        return 0;
      }
      case 'release': {
        const report = await store.policy.lastRelease();
        const open = await releaseConflicts(store);
        if (args.values.json) out(JSON.stringify({ report, conflicts: open }, null, 2));
        else out(releaseText(report, open.length, store.regions()));
        return 0;
      }
      case 'resolve': {
        const id = Number(file);
        if (!file || !Number.isInteger(id) || id < 1)
          throw new UsageError('yibao policy resolve 需要冲突编号（见 yibao policy list --conflicts）');
        const keep = args.values['keep-mine'] === true;
        const take = args.values['take-release'] === true;
        if (keep === take) throw new UsageError('yibao policy resolve 需要 --keep-mine（保留本地值）或 --take-release（采用内置值）之一');
        await requirePin();
        const conflict = await resolveConflict(store, id, keep ? 'mine' : 'release', args.values.actor ?? '命令行');
        out(
          keep
            ? `冲突 #${id} 已处理：保留本地值，不采用内置政策库 ${conflict.release} 的 ${conflict.rowId}（已记录）。`
            : `冲突 #${id} 已处理：已采用内置政策库 ${conflict.release} 的 ${conflict.rowId}（已记入审计日志）。`,
        );
        return 0;
      }
      case 'pin': {
        if (await hasAdminPin(store)) await requirePin('current');
        await setAdminPin(store, need('new', '新的管理员 PIN（6–12 位数字）'));
        out('管理员 PIN 已设置。');
        return 0;
      }
      case 'audit': {
        if (args.values.verify) {
          const check = await store.policy.verifyAuditChain();
          if (!check.ok) throw new ServiceError('INTERNAL', auditProblem(check) ?? '');
          out(auditIntact(check));
          return 0;
        }
        for (const e of await store.policy.audit({ limit: 50 }))
          out(`${e.id}\t${e.at}\t${e.actor}\t${e.action} ${e.entity} ${e.entityId}\t${e.reason}`);
        return 0;
      }
      default:
        throw new UsageError(`未知的 policy 子命令 ${sub ?? ''}`);
    }
  } finally {
    store.close();
  }
}
