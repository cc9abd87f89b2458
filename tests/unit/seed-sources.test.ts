// No content-farm sources (issue 20, docs/rules.md §0): the seed check refuses a row graded A, B or
// V whose address is not an official site, and any row or document citing a content farm, forum,
// blog or Q&A site, whatever its grade.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isOfficialAddress, neverSource, sourceProblems } from '../../src/core/policy/sources.ts';
import { readSeed, SeedError } from '../../src/store/release.ts';
import { releaseAssets } from '../support/release-fixture.ts';

const temp: string[] = [];
afterAll(() => {
  for (const dir of temp) rmSync(dir, { recursive: true, force: true });
});

/** db/ with one Shanghai row of the given grade and address, its document at `documentUrl`. */
function seedWith(grade: string, url: string | null, documentUrl: string | null = null): string {
  const dir = releaseAssets('0.1.0', (files) => {
    files.set('999-test-sources.json', {
      documents: [
        {
          id: 'TEST-SRC',
          number: '沪医保规〔2027〕1号（测试）',
          title: '来源检查（测试）',
          issuer: '上海市医疗保障局',
          url: documentUrl,
          effectiveFrom: '2030-01-01',
          effectiveTo: null,
          kind: 'law',
        },
      ],
      values: [
        {
          region: '310000',
          key: 'base.min',
          value: 9000,
          effectiveFrom: '2030-07-01',
          effectiveTo: null,
          document: 'TEST-SRC',
          article: '第一条',
          url,
          grade,
          lastReviewed: '2026-12-07',
          note: '“缴费基数下限9000元”（测试）',
        },
      ],
    });
  });
  temp.push(dir);
  return dir;
}

describe('the seed check refuses what is never a source', () => {
  it.each([
    ['A', 'https://github.com/LawRefBook/Laws/blob/master/社会法/社会保险法.md', 'A 级须引政府网站'],
    ['V', 'https://www.eyeshenzhen.com/content/2025-12/10/content_31803923.htm', 'V 级须引政府网站'],
    ['B', 'http://m.canteen900.com/ldbzzt/ldbzzt20240104.html', 'B 级须引政府网站'],
    ['V', null, 'V 级须有官方网址'],
  ])('a %s row at %s', (grade, url, message) => {
    const dir = seedWith(grade, url);
    expect(() => readSeed(dir)).toThrow(SeedError);
    expect(() => readSeed(dir)).toThrow(message);
    expect(() => readSeed(dir)).toThrow('310000/base.min/2030-07-01');
  });

  it.each([
    ['C', 'http://yunnanlong.com/c/356916.html', 'yunnanlong.com 是内容农场'],
    ['D', 'https://m.jiusongjiankang.com/a/1.html', 'm.jiusongjiankang.com 是内容农场（AI 生成）'],
    ['S', 'https://bbs.ruian.com/forum.php?tid=8799528', 'bbs.ruian.com 是论坛'],
    ['UNVERIFIED', 'https://zhidao.baidu.com/question/1.html', 'zhidao.baidu.com 是问答站（百度知道）'],
    ['C', 'https://bbs.example.com/t/1', 'bbs.example.com 是论坛、博客或问答站'],
  ])('a %s row citing %s', (grade, url, message) => {
    const dir = seedWith(grade, url);
    expect(() => readSeed(dir)).toThrow(message);
    expect(() => readSeed(dir)).toThrow('不能作为来源');
  });

  it("a row whose document's address is a content farm, even when the row has an official address", () => {
    expect(() => readSeed(seedWith('V', 'https://ybj.sh.gov.cn/x.html', 'http://www.tpu847.com/a.html'))).toThrow(
      '所引文件的网址 http://www.tpu847.com/a.html：www.tpu847.com 是内容农场',
    );
  });

  it('accepts official sites for A, B and V (an archived copy of one too), and a C reprint with its document elsewhere', () => {
    for (const [grade, url] of [
      ['A', 'https://www.gov.cn/zhengce/content/202408/content_6965741.htm'],
      ['B', 'http://www.npc.gov.cn/npc/c2/c30834/202409/t20240913_439502.html'],
      ['V', 'https://web.archive.org/web/20250101000000/https://ybj.sh.gov.cn/x.html'],
      ['A', 'https://www.news.cn/politics/20240913/x.html'],
      ['V', 'https://fujian.gov.cn:82/x.html'],
      ['C', 'https://www.global-regulation.com/translation/china/161515/x.html'],
    ] as const)
      expect(
        readSeed(seedWith(grade, url)).rows.some((r) => r.document.id === 'TEST-SRC'),
        `${grade} ${url}`,
      ).toBe(true);
  });
});

describe('official and never-source addresses', () => {
  it('tells official hosts by …gov.cn or the listed publishers, never by a look-alike', () => {
    expect(isOfficialAddress('https://hrss.sz.gov.cn/x')).toBe(true);
    expect(isOfficialAddress('http://www.xinhuanet.com/x')).toBe(true);
    expect(isOfficialAddress('https://gov.cn.example.com/x')).toBe(false);
    expect(isOfficialAddress('https://fakegov.cn/x')).toBe(false);
    expect(isOfficialAddress('ftp://ybj.sh.gov.cn/x')).toBe(false);
    expect(isOfficialAddress('not a url')).toBe(false);
    expect(isOfficialAddress('https://web.archive.org/web/2024/https://yunnanlong.com/x')).toBe(false);
  });

  it('an archived copy of a content farm is still a content farm', () => {
    expect(neverSource('https://web.archive.org/web/20240101000000/http://yunnanlong.com/c/1.html')).toBe('yunnanlong.com 是内容农场');
    expect(neverSource('https://notyunnanlong.com/x')).toBeNull();
  });

  it('says nothing against a C reprint on a site that is no content farm', () => {
    expect(sourceProblems({ grade: 'C', url: 'https://www.cnzshr.com/xwxq_612983.html' }, { url: null })).toEqual([]);
  });
});
