// `yibao hall …` as an operator runs it: accounts (the password from YIBAO_PASSWORD, never a
// flag), moving a counter's database in (twice: the second time moves nothing), and checking
// the audit chain (exit 1 with the first bad row once a superuser has changed a row).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { asSuperuser, createDatabase } from '../support/pg-cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const access = inject('pg');
let url: string;
const dir = mkdtempSync(join(tmpdir(), 'yibao-hall-cli-'));

const yibao = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, YIBAO_HALL_DATABASE: url, ...env },
  });

beforeAll(async () => {
  url = await createDatabase(access);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('yibao hall', () => {
  it('creates and lists accounts; a weak password or a missing name is refused in Chinese', () => {
    const added = yibao(['hall', 'account', 'add', '--username', 'admin', '--name', '管科长', '--role', 'admin'], {
      YIBAO_PASSWORD: 'admin-pass-1',
    });
    expect(added.stderr).toBe('');
    expect(added.stdout).toContain('已创建账号 admin（管科长，管理员）');
    const weak = yibao(['hall', 'account', 'add', '--username', 'wang', '--name', '王芳'], { YIBAO_PASSWORD: '12345678' });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toContain('密码不能只有数字或只有字母');
    expect(yibao(['hall', 'account', 'add', '--username', 'wang'], { YIBAO_PASSWORD: 'wang-pass-1' }).stderr).toContain('需要 --name');
    const list = yibao(['hall', 'account', 'list']);
    expect(list.stdout).toMatch(/^admin\t管科长\t管理员\t启用$/m);
    expect(list.stdout).not.toContain('scrypt');
  });

  it('imports a counter once, reporting what it moved; again, nothing more', async () => {
    const file = join(dir, 'counter.sqlite');
    const counter = new Store({ file });
    const api = createServices(counter);
    await api.saveSettings({ officeName: '中心', counterNumber: '4', clerkName: '周', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    counter.close();
    const first = yibao(['hall', 'import', '--from', file]);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('案件 1 件（已在大厅 0 件）、告知单 1 份（已在大厅 0 份）、打印记录 0 条（已在大厅 0 条）');
    const again = yibao(['hall', 'import', '--from', file]);
    expect(again.stdout).toContain('案件 0 件（已在大厅 1 件）、告知单 0 份（已在大厅 1 份）');
  });

  it('verifies the audit chain, and names the first row a superuser changed behind the triggers', async () => {
    const ok = yibao(['hall', 'audit', '--verify']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/政策库审计记录链完整（\d+ 条）/);
    const database = new URL(url).pathname.slice(1);
    await asSuperuser(access, database, async (c) => {
      await c.query(`ALTER TABLE policy_audit DISABLE TRIGGER policy_audit_no_update`);
      await c.query(`DELETE FROM policy_audit WHERE id = (SELECT id FROM policy_audit ORDER BY id OFFSET 5 LIMIT 1)`);
      await c.query(`ALTER TABLE policy_audit ENABLE TRIGGER policy_audit_no_update`);
    });
    const broken = yibao(['hall', 'audit', '--verify']);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/政策库审计记录链在第 \d+ 条处断开/);
  });
});
