// Issue 12, item 6: every audit row stores the hash of the row before it and of its own
// content, so a row changed, removed or inserted by someone who bypassed the triggers (with
// the file and a SQLite tool) is found: at start (logged, and shown on the 政策库 screen) and
// by `yibao policy audit --verify`, which names the first bad row in Chinese.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLocal } from '../../src/services/open-local.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir, yibao } from './support.ts';

/** Someone with the file and a SQLite tool: drops the guards, then edits the audit table. */
function tamper(file: string, sql: string): void {
  const tool = new Database(file);
  const triggers = tool.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'policy_audit'`).pluck().all();
  for (const name of triggers) tool.exec(`DROP TRIGGER "${String(name)}"`);
  tool.exec(sql);
  tool.close();
}

describe('chained hash over the audit rows (issue 12, item 6)', () => {
  it('verifies an intact chain, and names the first changed or missing row in Chinese', async () => {
    const dir = tempDir();
    const file = join(dir, 'yibao.sqlite');
    new Store({ file }).close(); // seeded: every seed row is audited
    const intact = yibao(['policy', 'audit', '--verify', '--db', file]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/审计记录 \d+ 条，链式摘要完整/);

    // A changed row in the middle: the first bad row is that one.
    tamper(file, `UPDATE policy_audit SET after_json = json_set(after_json, '$.value', 0.5) WHERE id = 40`);
    const changed = yibao(['policy', 'audit', '--verify', '--db', file]);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/审计记录第 40 条.*被改动/);

    // At start the break is logged and the 政策库 screen says so.
    const local = await openLocal(file);
    const library = await local.api.policyLibrary();
    expect(library.ok && library.value.auditProblem).toMatch(/审计记录第 40 条/);
    local.close();
    expect(readFileSync(join(dir, 'logs', 'yibao.log'), 'utf8')).toMatch(/audit-broken first=40/);
  });

  it('a deleted row is found at the row after it', () => {
    const file = join(tempDir(), 'yibao.sqlite');
    new Store({ file }).close();
    tamper(file, `DELETE FROM policy_audit WHERE id = 12`);
    const r = yibao(['policy', 'audit', '--verify', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/审计记录链在第 13 条处断开.*被删除/);
  });
});
