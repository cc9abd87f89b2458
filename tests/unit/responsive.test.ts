// Heavy work off the request path (issue 14): while the loopback server makes a sheet's PDF, a
// cheap call is answered (the order in which the answers come, not a time), and PDFs are made
// one after another, never two Chromiums at once. Chromium is stood in for by a script that
// speaks the DevTools pipe as Chromium does (tests/support/fake-chromium.ts) and holds back the
// PDF until the test lets it finish, so the PDF is certainly still being made when the cheap
// call goes out. The window's bootstrap comes gzipped to a caller that takes gzip.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YibaoApi } from '../../src/api/contract.ts';
import { startLoopbackServer } from '../../src/server/loopback.ts';
import { createServices } from '../../src/services/services.ts';
import { Store } from '../../src/store/store.ts';
import { httpApi } from '../../src/ui/api/http.ts';
import { writeFakeChromium } from '../support/fake-chromium.ts';

const root = join(import.meta.dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')) as unknown;

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

describe('the loopback server while a PDF is being made', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-responsive-'));
  const saved = { chromium: process.env.CHROMIUM_PATH, fake: process.env.FAKE_DIR, mode: process.env.FAKE_CHROMIUM_MODE };
  const store = new Store({ file: ':memory:' });
  let server: Awaited<ReturnType<typeof startLoopbackServer>>;
  let http: YibaoApi;
  let numbers: string[];

  beforeAll(async () => {
    process.env.CHROMIUM_PATH = writeFakeChromium(dir);
    process.env.FAKE_DIR = dir;
    process.env.FAKE_CHROMIUM_MODE = 'wait';
    const api = createServices(store);
    numbers = [];
    for (let i = 0; i < 2; i++) {
      const sheet = await api.issueSheet({ caseId: null, caseFile: example });
      if (!sheet.ok) throw new Error(sheet.error.message);
      numbers.push(sheet.value.number);
    }
    server = await startLoopbackServer({ api });
    http = httpApi(server.url);
  });
  afterAll(() => {
    server.server.close();
    store.close();
    process.env.CHROMIUM_PATH = saved.chromium;
    process.env.FAKE_DIR = saved.fake;
    if (saved.chromium === undefined) delete process.env.CHROMIUM_PATH;
    if (saved.fake === undefined) delete process.env.FAKE_DIR;
    if (saved.mode === undefined) delete process.env.FAKE_CHROMIUM_MODE;
    else process.env.FAKE_CHROMIUM_MODE = saved.mode;
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers a cheap call before the PDF it is still making, and makes one PDF at a time', async () => {
    const answered: string[] = [];
    const log = () => (existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').trim().split('\n') : []);
    const first = http.sheetPdf(numbers[0]!).then((r) => (answered.push('pdf 1'), r));
    const second = http.sheetPdf(numbers[1]!).then((r) => (answered.push('pdf 2'), r));
    await until(() => log().length > 0); // Chromium is at work on the first PDF
    const settings = await http.getSettings();
    answered.push('settings');
    expect(settings.ok).toBe(true);
    writeFileSync(join(dir, 'release'), '');
    const pdfs = [await first, await second];
    expect(answered[0]).toBe('settings');
    expect(answered.slice(1).sort()).toEqual(['pdf 1', 'pdf 2']);
    for (const pdf of pdfs) expect(pdf.ok && Buffer.from(pdf.value.base64, 'base64').toString('latin1')).toMatch(/^%PDF-1\.4 stand-in/);
    // The second Chromium started only after the first had ended.
    expect(log().map((line) => line.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
  });
});

describe("the window's bootstrap over the loopback server", () => {
  const store = new Store({ file: ':memory:' });
  let server: Awaited<ReturnType<typeof startLoopbackServer>>;
  beforeAll(async () => {
    server = await startLoopbackServer({ api: createServices(store) });
  });
  afterAll(() => {
    server.server.close();
    store.close();
  });
  /** A raw POST, so the test sees the bytes as they come (fetch would undo the gzip itself). */
  const post = (method: string, acceptEncoding: string | null) =>
    new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      const url = new URL(`api/${method}`, server.url);
      const req = request(
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-yibao': '1', ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });

  it('comes gzipped to a caller that takes gzip, and plain to one that does not, with the same content', async () => {
    const zipped = await post('bootstrap', 'gzip, deflate');
    const plain = await post('bootstrap', null);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const text = plain.body.toString('utf8');
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(text);
    expect(zipped.body.length).toBeLessThan(text.length / 3);
    // A small answer is not worth compressing.
    expect((await post('getSettings', 'gzip')).headers['content-encoding']).toBeUndefined();
  });
});
