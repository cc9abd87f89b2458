// The services behind the API, the input-checking dispatcher, and the loopback server's
// guards, as the renderer (browser mode) and Electron's IPC use them.
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PolicyValueEdit, YibaoApi } from '../../src/api/contract.ts';
import { dispatch } from '../../src/api/dispatch.ts';
import { startLoopbackServer } from '../../src/server/loopback.ts';
import { createServices } from '../../src/services/services.ts';
import { parseStatement } from '../../src/services/statement.ts';
import { Store } from '../../src/store/store.ts';
import { BACKENDS, openBackend, type OpenedBackend } from '../support/backends.ts';
import { asSuperuser } from '../support/pg-cluster.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8'));

describe.each(BACKENDS)('services on %s', (kind) => {
  let backend: OpenedBackend;
  let api: YibaoApi;
  beforeAll(async () => {
    backend = await openBackend(kind);
    api = createServices(backend.repos);
  });
  afterAll(() => backend.close());

  it('assesses a case, or returns its field errors as data', async () => {
    const good = await api.assess(example);
    expect(good).toMatchObject({ ok: true, value: { valid: true, assessment: { backPay: { totalFen: 216000 } } } });
    const bad = await api.assess({ ...example, region: '999999' });
    expect(bad).toMatchObject({ ok: true, value: { valid: false, errors: [{ path: 'region' }] } });
  });

  it('saves, lists (ID masked), finds by name and by ID digits, reopens exactly and deletes', async () => {
    const saved = await api.saveCase({ caseFile: example });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const other = { ...example, person: { ...example.person, name: '李四', idNumber: null } };
    await api.saveCase({ caseFile: other });
    const all = await api.listCases({});
    expect(all.ok && all.value.map((c) => c.personName)).toEqual(['李四', '张三']);
    const byName = await api.listCases({ text: '张' });
    expect(byName.ok && byName.value).toEqual([
      expect.objectContaining({ personName: '张三', idNumberMasked: '320102********0010', regionName: '南京市' }),
    ]);
    for (const text of ['320102197608150010', '0010', '3201021976']) {
      const found = await api.listCases({ text });
      expect(found.ok && found.value.map((c) => c.personName), text).toEqual(['张三']);
    }
    const reopened = await api.getCase(saved.value.id);
    expect(reopened.ok && reopened.value.caseFile).toEqual(example);
    expect(await api.deleteCase(saved.value.id)).toEqual({ ok: true, value: null });
    expect(await api.getCase(saved.value.id)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('refuses to save an invalid case, with the field errors', async () => {
    const result = await api.saveCase({ caseFile: { ...example, asOf: '2026-02-30' } });
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ path: 'asOf' }] } });
  });

  it('keeps the draft exactly as typed, even when it is not a valid case', async () => {
    const form = { person: { name: '王', birth: '19xx' }, history: [{ from: '2026-13' }] };
    await api.saveDraft({ caseId: null, form });
    const draft = await api.getDraft();
    expect(draft.ok && draft.value?.form).toEqual(form);
    await api.clearDraft();
    expect(await api.getDraft()).toEqual({ ok: true, value: null });
  });

  it('bootstraps the window with settings, draft, regions and the policy library copy', async () => {
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' });
    const boot = await api.bootstrap();
    expect(boot.ok && boot.value.settings.officeName).toBe('南京市医保中心');
    expect(boot.ok && boot.value.regions.length).toBe(396);
    expect(boot.ok && boot.value.policyRows.length).toBe((await backend.repos.policy.library()).rows.length);
  });

  it('issues a numbered sheet, reprints it byte for byte and records every output', async () => {
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '6', clerkName: '周', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    const first = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    const second = await api.issueSheet({ caseId: saved.value.id, caseFile: example });
    if (!first.ok || !second.ok) throw new Error('sheet');
    expect(first.value.number).toMatch(/^\d{8}-06-\d{4}$/);
    expect(Number(second.value.number.slice(-4))).toBe(Number(first.value.number.slice(-4)) + 1);
    expect(first.value).toMatchObject({ clerk: '周', prints: 0 });
    await api.recordPrint({ number: first.value.number, kind: 'html' });
    const again = await api.getSheet(first.value.number);
    expect(again).toMatchObject({ ok: true, value: { html: first.value.html, contentHash: first.value.contentHash, prints: 1 } });
    const listed = await api.listSheets(saved.value.id);
    expect(listed.ok && listed.value.map((s) => s.number)).toEqual([second.value.number, first.value.number]);
  });

  it('a dated policy edit with the PIN: previewed with its impact on saved cases, audited, then used by the next assessment', async () => {
    expect(await api.setAdminPin({ currentPin: null, newPin: '246810' })).toEqual({ ok: true, value: null });
    const edit = {
      region: '320100',
      key: 'flexible.rate',
      value: 0.085,
      effectiveFrom: '2027-01-01',
      effectiveTo: null,
      document: {
        number: '宁医保发〔2026〕99号',
        title: '关于调整2027年灵活就业人员医保费率的通知',
        url: 'https://ybj.nanjing.gov.cn/example',
      },
      article: '第二条',
      url: null,
      grade: 'V' as const,
      note: null,
      reason: '市局通知：2027年起费率调整',
    } satisfies PolicyValueEdit;
    const before = await api.policyVersion();
    expect(await api.addPolicyValue({ edit, pin: '000000' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await api.policyVersion()).toEqual(before);
    const added = await api.addPolicyValue({ edit, pin: '246810' });
    expect(added).toMatchObject({ ok: true, value: { added: [{ id: '320100/flexible.rate/2027-01-01' }] } });
    const after = await api.policyVersion();
    expect(after.ok && before.ok && after.value !== before.value).toBe(true);
    const audit = await api.policyAudit({ limit: 3 });
    expect(audit.ok && audit.value.map((a) => a.entityId)).toContain('320100/flexible.rate/2027-01-01');
    const library = await api.policyLibrary();
    expect(library.ok && library.value.rows.some((r) => r.id === '320100/flexible.rate/2027-01-01')).toBe(true);
  });

  it('a save from a version that is no longer the saved one is refused with a Chinese message and the other version; nothing is lost', async () => {
    await api.saveSettings({ officeName: '南京市医保中心', counterNumber: '3', clerkName: '李', defaultRegion: '320100' });
    const saved = await api.saveCase({ caseFile: example });
    if (!saved.ok) throw new Error(saved.error.message);
    expect(saved.value.version).toBe(1);
    const opened = await api.getCase(saved.value.id);
    expect(opened).toMatchObject({ ok: true, value: { version: 1, savedBy: '李', savedCounter: '3' } });
    const first = { ...example, person: { ...example.person, name: '张三（先存）' } };
    const second = { ...example, person: { ...example.person, name: '张三（后存）' } };
    expect(await api.saveCase({ id: saved.value.id, caseFile: first, version: 1 })).toMatchObject({ ok: true, value: { version: 2 } });
    const refused = await api.saveCase({ id: saved.value.id, caseFile: second, version: 1 });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'CONFLICT',
        conflict: { version: 2, caseFile: { person: { name: '张三（先存）' } }, savedBy: '李', savedCounter: '3' },
      },
    });
    expect(!refused.ok && refused.error.message).toMatch(
      /^未保存：此案件在您打开之后，已由李（3号窗口）于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 修改并保存（第 2 版）/,
    );
    expect(!refused.ok && refused.error.message).toContain('您的修改仍在本窗口，没有丢失');
    const now = await api.getCase(saved.value.id);
    expect(now.ok && now.value.caseFile.person.name).toBe('张三（先存）');
  });
});

describe('a hall database that cannot be reached', () => {
  it('answers DATABASE_UNAVAILABLE with a Chinese message, and works again when it is back', async () => {
    const backend = await openBackend('postgres');
    const api = createServices(backend.repos);
    const database = new URL(backend.url!).pathname.slice(1);
    expect(await api.listCases({})).toMatchObject({ ok: true });
    const block = async (limit: number) =>
      asSuperuser(inject('pg'), 'postgres', async (c) => {
        await c.query(`ALTER DATABASE ${database} CONNECTION LIMIT ${limit}`);
        if (limit === 0) await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database]);
      });
    await block(0);
    const refused = await api.listCases({});
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'DATABASE_UNAVAILABLE', message: expect.stringContaining('暂时无法连接服务大厅数据库') },
    });
    await block(-1);
    expect(await api.listCases({})).toMatchObject({ ok: true });
    await backend.close();
  });
});

describe('dispatch checks every call before it reaches the services', () => {
  const api = createServices(new Store({ file: ':memory:' }));
  it('refuses unknown methods and ill-formed arguments with a Chinese message', async () => {
    expect(await dispatch(api, 'dropTables', {})).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: '未知的接口 dropTables' },
    });
    expect(await dispatch(api, 'getCase', 42)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await dispatch(api, 'listCases', { text: 'x', limit: 10_000 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(
      await dispatch(api, 'saveSettings', { officeName: 'x', counterNumber: '1', clerkName: 'y', defaultRegion: 'nope' }),
    ).toMatchObject({ ok: false });
    expect(await dispatch(api, 'listCases', { text: '张' })).toMatchObject({ ok: true });
  });
});

describe('the loopback server of browser mode', () => {
  let base: string;
  let close: () => void;
  beforeAll(async () => {
    const { server, url } = await startLoopbackServer({
      api: createServices(new Store({ file: ':memory:' })),
      staticDir: join(root, 'examples'),
    });
    base = url;
    close = () => server.close();
  });
  afterAll(() => close());

  const call = (path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<{ status: number; body: string; csp: string | undefined }>((resolve, reject) => {
      const u = new URL(path, base);
      const req = request(
        { host: u.hostname, port: u.port, path: u.pathname, method: options.method ?? 'GET', headers: options.headers },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, body, csp: res.headers['content-security-policy'] as string | undefined }),
          );
        },
      );
      req.on('error', reject);
      req.end(options.body);
    });

  it('answers the API only with the X-Yibao header, by POST, on its own host name', async () => {
    const body = JSON.stringify({ input: {} });
    expect(
      (await call('/api/listCases', { method: 'POST', headers: { 'x-yibao': '1', 'content-type': 'application/json' }, body })).status,
    ).toBe(200);
    expect((await call('/api/listCases', { method: 'POST', body })).status).toBe(403);
    expect((await call('/api/listCases', { method: 'GET', headers: { 'x-yibao': '1' } })).status).toBe(403);
    expect((await call('/api/listCases', { method: 'POST', headers: { 'x-yibao': '1', host: 'evil.example:80' }, body })).status).toBe(403);
  });

  it('serves files only from its folder, with the CSP', async () => {
    const ok = await call('/example-case.json');
    expect(ok.status).toBe(200);
    expect(ok.csp).toContain("script-src 'self'");
    expect((await call('/../package.json')).status).toBe(404);
    expect((await call('/%2e%2e/package.json')).status).toBe(404);
  });
});

describe('statement import', () => {
  const regions = new Store({ file: ':memory:' }).regions();
  it('reads a CSV saved as GB18030/GBK (as Chinese spreadsheet programs do)', async () => {
    // "开始月份,结束月份,险种,状态,基数\n2026年1月,2026年2月,职工,已缴,8000\n" encoded in GB18030
    const bytes = new Uint8Array(
      Buffer.from(
        'bfaacabcd4c2b7dd2cbde1caf8d4c2b7dd2ccfd5d6d62cd7b4ccac2cbbf9cafd0a32303236c4ea31d4c22c32303236c4ea32d4c22cd6b0b9a42cd2d1bdc92c383030300a',
        'hex',
      ),
    );
    const result = await parseStatement('gbk.csv', bytes, regions);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.entry)).toEqual([
      { from: '2026-01', to: '2026-02', scheme: 'employee', status: 'paid', base: 8000, region: null },
    ]);
  });

  it('reads the usual month spellings and merges one-row-per-month statements', async () => {
    const csv =
      '费款所属期,险种,缴费状态,缴费基数\n2026年1月,职工,已到账,8000\n202602,职工,已到账,8000\n2026/3,灵活就业,欠费,9000\n2026-04-01,居民,已到账,\n';
    const result = await parseStatement('a.csv', new TextEncoder().encode(csv), regions);
    expect(result.rows.map((r) => r.entry)).toEqual([
      { from: '2026-01', to: '2026-02', scheme: 'employee', status: 'paid', base: 8000, region: null },
      { from: '2026-03', to: '2026-03', scheme: 'flexible', status: 'arrears', base: 9000, region: null },
      { from: '2026-04', to: '2026-04', scheme: 'resident', status: 'paid', base: null, region: null },
    ]);
  });

  it('names the row and the cell it cannot read, and refuses other file types', async () => {
    const result = await parseStatement(
      'b.csv',
      new TextEncoder().encode('开始月份,结束月份,险种,状态,基数\n2026-13,2026-12,职工,已缴,abc\n'),
      regions,
    );
    expect(result.rows[0]!.errors).toEqual(['开始月份无法识别：“2026-13”', '缴费基数无法识别：“abc”']);
    expect((await parseStatement('c.pdf', new Uint8Array(), regions)).errors).toEqual(['只支持 CSV 或 XLSX 文件（.csv / .xlsx）']);
    expect((await parseStatement('d.csv', new TextEncoder().encode('姓名,年龄\n张三,30\n'), regions)).errors[0]).toContain(
      '找不到“开始月份”',
    );
  });

  it('reads 险种 and 缴费状态 in the usual statement wordings; a row it cannot classify is unreadable, never defaulted', async () => {
    const csv = [
      '费款所属期起,费款所属期止,险种类型,到账标志,缴费基数,参保地',
      '2020-01,2022-12,职工基本医疗保险（灵活就业人员）,已到账,7000,南京市',
      '2023-01,2023-06,城乡居民基本医疗保险,正常,,江苏南京',
      '2023-07,2023-09,城镇职工基本医疗保险,未到账,8000,上海',
      '2023-10,2023-12,基本养老保险,已到账,8000,上海',
      '2024-01,2024-03,基本医疗保险,已到账,8000,上海',
      '2024-04,2024-06,城镇职工基本医疗保险,暂停,8000,上海',
      '2024-07,2024-09,城镇职工基本医疗保险,已到账,8000,吉林',
    ].join('\n');
    const result = await parseStatement('flex.csv', new TextEncoder().encode(csv), regions);
    expect(result.errors).toEqual([]);
    expect(result.rows.map((r) => r.entry)).toEqual([
      { from: '2020-01', to: '2022-12', scheme: 'flexible', status: 'paid', base: 7000, region: '320100' },
      { from: '2023-01', to: '2023-06', scheme: 'resident', status: 'paid', base: null, region: '320100' },
      { from: '2023-07', to: '2023-09', scheme: 'employee', status: 'arrears', base: 8000, region: '310000' },
      null,
      null,
      null,
      null,
    ]);
    expect(result.rows.slice(3).map((r) => r.errors)).toEqual([
      ['险种无法识别：“基本养老保险”（应为职工/灵活就业/居民医保）'],
      ['险种无法识别：“基本医疗保险”（应为职工/灵活就业/居民医保）'],
      ['缴费状态无法识别：“暂停”（应为已缴/欠费）'],
      ['“吉林”可指吉林省（220000）、吉林市（220200），请输入全称或6位代码'],
    ]);
    const bare = await parseStatement('bare.csv', new TextEncoder().encode('开始月份,结束月份,基数\n2026-01,2026-02,8000\n'), regions);
    expect(bare.rows[0]).toMatchObject({ entry: null, errors: ['未注明险种', '未注明缴费状态'] });
    expect(bare.errors.join('\n')).toContain('文件中没有“险种”列');
  });
});
