// Issue 12, item 5: the audit log of the policy library is append-only, enforced by the
// database: UPDATE and DELETE on it are aborted, and the audit context (who and why) can be
// set only on the program's own connection, never by a plain SQLite tool, so a tool can
// neither change a policy value behind the audit nor remove the trace.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setAdminPin } from '../../src/services/admin-pin.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { tempDir } from './support.ts';

const count = (db: Database.Database, sql: string) => db.prepare(sql).pluck().get() as number;

describe('append-only audit (issue 12, item 5)', () => {
  it('aborts UPDATE and DELETE on the audit table, and a forged audit context from a SQLite tool', async () => {
    const file = join(tempDir(), 'yibao.sqlite');
    const store = new Store({ file });
    await setAdminPin(store, '246810');
    const api = createServices(store);
    const edit = await api.addPolicyValue({
      pin: '246810',
      edit: {
        region: '320100',
        key: 'flexible.rate',
        value: 0.09,
        effectiveFrom: '2027-01-01',
        effectiveTo: null,
        document: { number: '宁医保发〔2026〕99号', title: '测试文件' },
        article: '第一条',
        url: null,
        grade: 'B',
        note: null,
        reason: '审计测试',
      },
    });
    expect(edit.ok).toBe(true);
    const db = store.db;
    const audited = count(db, 'SELECT count(*) FROM policy_audit');
    const valueId = db.prepare(`SELECT id FROM policy_value WHERE key = 'flexible.rate' AND effective_from = '2027-01-01'`).pluck().get();

    // On the program's own connection: the audit rows cannot be changed or removed.
    expect(() => db.prepare(`UPDATE policy_audit SET actor = '别人'`).run()).toThrow(/只能追加/);
    expect(() => db.prepare(`UPDATE policy_audit SET reason = 'x' WHERE id = (SELECT max(id) FROM policy_audit)`).run()).toThrow(
      /只能追加/,
    );
    expect(() => db.prepare(`DELETE FROM policy_audit WHERE id = (SELECT max(id) FROM policy_audit)`).run()).toThrow(/只能追加/);
    expect(() => db.prepare(`DELETE FROM policy_audit`).run()).toThrow(/只能追加/);

    // A plain SQLite tool on the same file: the attack from the issue — a forged context, a
    // changed value, the trace deleted — is aborted at its first step, and nothing changes.
    const tool = new Database(file);
    const attack = tool.transaction(() => {
      tool.prepare(`INSERT INTO audit_context (id, actor, reason) VALUES (1, '冒名', '伪造')`).run();
      tool.prepare(`UPDATE policy_value SET value_json = '0.5' WHERE id = ?`).run(valueId);
      tool.prepare(`DELETE FROM policy_audit WHERE id > ?`).run(audited);
      tool.prepare(`DELETE FROM audit_context`).run();
    });
    expect(() => attack()).toThrow();
    expect(() => tool.prepare(`UPDATE policy_value SET value_json = '0.5' WHERE id = ?`).run(valueId)).toThrow();
    expect(() => tool.prepare(`DELETE FROM policy_audit`).run()).toThrow(/只能追加/);
    tool.close();
    // Inside the program's own change, the context cannot be rewritten half-way either.
    const midway = db.transaction(() => {
      db.prepare(`INSERT INTO audit_context (id, actor, reason) VALUES (1, '管理员', '修改')`).run();
      db.prepare(`UPDATE audit_context SET actor = '冒名'`).run();
    });
    expect(() => midway()).toThrow(/审计上下文不能修改/);

    expect(count(db, 'SELECT count(*) FROM policy_audit')).toBe(audited);
    expect(db.prepare(`SELECT value_json FROM policy_value WHERE id = ?`).pluck().get(valueId)).toBe('0.09');
    expect(count(db, 'SELECT count(*) FROM audit_context')).toBe(0);
    // The program's own path still works and is still audited.
    const library = await api.policyLibrary();
    expect(library.ok).toBe(true);
    store.close();
  });
});
