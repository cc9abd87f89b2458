// Issue 22, finding 16: "The runtime database role owns the tables: it can disable the
// append-only trigger and rewrite the chain, or simply INSERT a forged audit row that
// `yibao hall audit --verify` calls intact." On a real PostgreSQL: an owner role (created by a
// superuser, with CREATEROLE, as an office's database administrator would) runs the one set-up
// command, `yibao hall setup`, which migrates and creates the runtime role; as the runtime role
// the hall works, but the audit can be neither switched off nor written directly. An owner's
// password stolen: a rewrite with every hash recomputed, or the last rows removed, passes the
// chain but not the head the administrator exported and signed outside the database.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createServices } from '../../src/services/services.ts';
import { generateSigningKeys } from '../../src/services/policy-packs.ts';
import { HallAuth } from '../../src/services/hall/auth.ts';
import { auditRowHash } from '../../src/store/audit-chain.ts';
import { HallRepository } from '../../src/store/pg/hall.ts';
import { readAuditChainPg } from '../../src/store/pg/policy.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { asSuperuser } from '../support/pg-cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));
const access = inject('pg');
const dir = mkdtempSync(join(tmpdir(), 'yibao-audit-roles-'));
const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
const database = `audit_roles_${suffix}`;
const owner = `own_${suffix}`;
const runtime = `app_${suffix}`;
const ownerPassword = randomBytes(12).toString('base64url');
const runtimePassword = `Rt-${randomBytes(12).toString('base64url')}`;
const urlOf = (role: string, password: string, db = database) =>
  `postgres://${role}:${encodeURIComponent(password)}@127.0.0.1:${access.port}/${db}`;
const ownerUrl = urlOf(owner, ownerPassword);
const runtimeUrl = urlOf(runtime, runtimePassword);
const opened: PgStore[] = [];

const yibao = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(root, 'bin', 'yibao.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, YIBAO_HALL_DATABASE: runtimeUrl, ...env },
  });

async function as<T>(url: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
const refusal = (sql: string, url = runtimeUrl) =>
  as(url, (c) => c.query(sql)).then(
    () => 'accepted',
    (e: unknown) => (e instanceof pg.DatabaseError ? `${e.code}` : String(e)),
  );

beforeAll(async () => {
  await asSuperuser(access, 'postgres', async (c) => {
    await c.query(`CREATE ROLE ${owner} LOGIN CREATEROLE PASSWORD '${ownerPassword}'`);
    await c.query(`CREATE DATABASE ${database} OWNER ${owner}`);
  });
});
afterAll(async () => {
  for (const s of opened) await s.close().catch(() => undefined);
  await asSuperuser(access, 'postgres', async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${database}_new WITH (FORCE)`);
    await c.query(`DROP ROLE IF EXISTS ${runtime}`);
    await c.query(`DROP ROLE IF EXISTS ${owner}`);
  });
  rmSync(dir, { recursive: true, force: true });
});

describe('finding 16: the database guards its audit from the program', () => {
  it('one set-up command as the owner migrates and creates the runtime role; the hall works as that role', async () => {
    const setup = yibao(['hall', 'setup', '--database', ownerUrl, '--runtime-role', runtime], { YIBAO_PASSWORD: runtimePassword });
    expect(setup.stderr).toBe('');
    expect(setup.status).toBe(0);
    expect(setup.stdout).toContain(`运行账号 ${runtime}已创建`);
    expect(setup.stdout).toContain(`postgres://${runtime}:密码@127.0.0.1:${access.port}/${database}`);
    // Run again (after an upgrade): the role exists, no password asked, the same rights.
    const again = yibao(['hall', 'setup', '--database', ownerUrl, '--runtime-role', runtime], { YIBAO_PASSWORD: '' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain(`运行账号 ${runtime}已存在`);

    const store = await PgStore.open({ url: runtimeUrl });
    opened.push(store);
    const api = createServices(store);
    await api.saveSettings({ officeName: '中心', counterNumber: '4', clerkName: '周', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    const sheet = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    expect(sheet.ok).toBe(true);
    await new HallAuth(new HallRepository(store.pool)).createAccount('测试', {
      username: 'zhou',
      displayName: '周敏',
      role: 'clerk',
      password: 'zhou-pass-1',
    });
    // A policy change as the runtime role still leaves its chained audit row (written by the owner's trigger).
    const rowsBefore = (await readAuditChainPg(store.pool)).length;
    const [document] = await store.policy.documents();
    if (!document) throw new Error('no document seeded');
    await store.policy.write(
      { actor: '管科长', reason: '更正标题' },
      { documents: [], correctDocuments: [document], close: [], insert: [] },
    );
    const rows = await readAuditChainPg(store.pool);
    expect(rows.length).toBe(rowsBefore + 1);
    expect(rows.at(-1)).toMatchObject({ actor: '管科长', reason: '更正标题', action: 'update', entity: 'document' });
    expect(await store.policy.verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('as the runtime role: no ALTER … DISABLE TRIGGER, no INSERT, UPDATE, DELETE or TRUNCATE on the audit, no new trigger or function', async () => {
    expect(await refusal(`ALTER TABLE policy_audit DISABLE TRIGGER policy_audit_no_update`)).toBe('42501');
    expect(await refusal(`ALTER TABLE policy_audit DISABLE TRIGGER ALL`)).toBe('42501');
    expect(await refusal(`ALTER TABLE policy_value DISABLE TRIGGER policy_value_audit`)).toBe('42501');
    expect(
      await refusal(
        `INSERT INTO policy_audit (at, actor, action, entity, entity_id, reason, prev_hash, row_hash)
         VALUES ('2026-01-01T00:00:00.000Z', '伪造', 'insert', 'value', 'x', '伪造', '', '')`,
      ),
    ).toBe('42501');
    expect(await refusal(`UPDATE policy_audit SET reason = '改过' WHERE id = 1`)).toBe('42501');
    expect(await refusal(`DELETE FROM policy_audit WHERE id = 1`)).toBe('42501');
    expect(await refusal(`TRUNCATE policy_audit`)).toBe('42501');
    expect(await refusal(`TRUNCATE case_record`)).toBe('42501');
    expect(await refusal(`SELECT nextval(pg_get_serial_sequence('policy_audit', 'id'))`)).toBe('42501');
    expect(
      await refusal(`CREATE TRIGGER sneak BEFORE INSERT ON policy_audit FOR EACH ROW EXECUTE FUNCTION policy_audit_append_only()`),
    ).toBe('42501');
    expect(await refusal(`CREATE FUNCTION audit_field(value text) RETURNS text LANGUAGE sql AS $$ SELECT '' $$`)).toBe('42501');
    expect(await refusal(`DROP TABLE policy_audit`)).toBe('42501');
    // The owner (the set-up's role) still can: what is protected is the program's connection.
    expect(
      await as(ownerUrl, (c) => c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'policy_audit' AND tableowner = $1`, [owner])),
    ).toMatchObject({ rowCount: 1 });
  });

  it('the runtime role cannot upgrade a database: refused in Chinese, naming the set-up command', async () => {
    await asSuperuser(access, 'postgres', (c) => c.query(`CREATE DATABASE ${database}_new OWNER ${owner}`));
    await expect(PgStore.open({ url: urlOf(runtime, runtimePassword, `${database}_new`) })).rejects.toThrow(
      /大厅数据库需要升级到本程序的版本（\d+ 项迁移），但当前连接的账号 app_\w+ 无权修改表结构：请用数据库所有者的连接串运行 yibao hall setup/,
    );
  });

  it('a forged or rewritten audit (the owner password stolen) is caught against the head exported outside the database', async () => {
    const keys = generateSigningKeys();
    const other = generateSigningKeys();
    const key = join(dir, 'audit.key');
    const pub = join(dir, 'audit.pub.pem');
    const otherPub = join(dir, 'other.pub.pem');
    const head = join(dir, 'head.json');
    writeFileSync(key, keys.privateKeyPem);
    writeFileSync(pub, keys.publicKeyPem);
    writeFileSync(otherPub, other.publicKeyPem);
    const exported = yibao(['hall', 'audit', '--export-head', head, '--sign-key', key]);
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/已导出政策库审计记录链的链头：第 \d+ 条（共 \d+ 条）/);
    const verify = () => yibao(['hall', 'audit', '--verify', '--head', head, '--public-key', pub]);
    const plain = () => yibao(['hall', 'audit', '--verify']);
    expect(verify().stdout).toMatch(
      /政策库审计记录链完整（\d+ 条），与 \d{4}-\d\d-\d\d \d\d:\d\d 导出的链头（第 \d+ 条）一致；其后新增 0 条/,
    );

    // A legitimate change afterwards: still consistent, one row added since.
    const store = opened[0]!;
    const [document] = await store.policy.documents();
    await store.policy.write(
      { actor: '管科长', reason: '再次更正' },
      { documents: [], correctDocuments: [document!], close: [], insert: [] },
    );
    expect(verify().stdout).toContain('其后新增 1 条');

    const rows = await readAuditChainPg(store.pool);
    const headId = JSON.parse(readFileSync(head, 'utf8')).lastId as number;
    const target = rows[Math.floor(rows.length / 2)]!;
    /** As the owner, with the triggers off: set row `id`'s reason and recompute every hash from there (the formula is public). */
    const rewrite = (id: number, reason: string) =>
      as(ownerUrl, async (c) => {
        await c.query(`BEGIN`);
        await c.query(`ALTER TABLE policy_audit DISABLE TRIGGER USER`);
        await c.query(`UPDATE policy_audit SET reason = $1 WHERE id = $2`, [reason, id]);
        let previous = '';
        for (const row of await readAuditChainPg(c)) {
          const rowHash = auditRowHash({ ...row, prevHash: previous });
          if (row.id >= id)
            await c.query(`UPDATE policy_audit SET prev_hash = $1, row_hash = $2 WHERE id = $3`, [previous, rowHash, row.id]);
          previous = rowHash;
        }
        await c.query(`ALTER TABLE policy_audit ENABLE TRIGGER USER`);
        await c.query(`COMMIT`);
      });

    // 1. A row rewritten and the chain recomputed: the chain alone calls it intact, the head does not.
    await rewrite(target.id, '没有人改过');
    expect(plain().status).toBe(0);
    const rewritten = verify();
    expect(rewritten.status).toBe(1);
    expect(rewritten.stderr).toContain(`政策库审计记录第 ${headId} 条的摘要与导出的链头`);
    expect(rewritten.stderr).toContain('不符：该条或其前的记录被改写过');
    await rewrite(target.id, target.reason); // put back: consistent again (the check is about the content)
    expect(verify().status).toBe(0);

    // 2. A forged row inserted by the owner with the chain's trigger off: the chain breaks.
    await as(ownerUrl, async (c) => {
      await c.query(`ALTER TABLE policy_audit DISABLE TRIGGER policy_audit_chain`);
      await c.query(
        `INSERT INTO policy_audit (id, at, actor, action, entity, entity_id, reason, prev_hash, row_hash) OVERRIDING SYSTEM VALUE
         VALUES ((SELECT max(id) + 1 FROM policy_audit), '2026-01-01T00:00:00.000Z', '伪造', 'insert', 'value', 'x', '伪造', 'ab', 'cd')`,
      );
      await c.query(`ALTER TABLE policy_audit ENABLE TRIGGER policy_audit_chain`);
    });
    const forged = verify();
    expect(forged.status).toBe(1);
    expect(forged.stderr).toMatch(/政策库审计记录链在第 \d+ 条处断开/);

    // 3. The rows from the exported head on removed (and the forged one): the chain is intact, the head is missing.
    await as(ownerUrl, async (c) => {
      await c.query(`ALTER TABLE policy_audit DISABLE TRIGGER policy_audit_no_update`);
      await c.query(`DELETE FROM policy_audit WHERE id >= $1`, [headId]);
      await c.query(`ALTER TABLE policy_audit ENABLE TRIGGER policy_audit_no_update`);
    });
    expect(plain().status).toBe(0);
    const shortened = verify();
    expect(shortened.status).toBe(1);
    expect(shortened.stderr).toContain(`政策库审计记录第 ${headId} 条（导出链头时的最后一条`);

    // The head file itself: edited, or checked with another key, it is refused.
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, readFileSync(head, 'utf8').replace(`"lastId": ${headId}`, `"lastId": ${headId - 1}`));
    const editedCheck = yibao(['hall', 'audit', '--verify', '--head', edited, '--public-key', pub]);
    expect(editedCheck.status).toBe(1);
    expect(editedCheck.stderr).toContain('审计链头文件的签名与公钥不符');
    expect(yibao(['hall', 'audit', '--verify', '--head', head, '--public-key', otherPub]).stderr).toContain('审计链头文件的签名与公钥不符');
  });
});
