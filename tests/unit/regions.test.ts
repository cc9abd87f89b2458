// The one region resolver (参保地, grid, paste, import, policy filter): codes, full names,
// short names, province + city; ambiguous and unknown names get a message, never a guess.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RegionDirectory, shortRegionName, type RegionRow } from '../../src/core/regions.ts';

const file = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'db', 'regions.json'), 'utf8')) as {
  regions: Array<Omit<RegionRow, 'parent'> & { parent?: string }>;
};
const directory = new RegionDirectory(file.regions.map((r) => ({ ...r, parent: r.parent ?? null })));
const code = (text: string) => {
  const r = directory.resolve(text);
  return r?.ok ? r.code : r;
};

describe('region resolver', () => {
  it('reads codes, full names, short names and province + city', () => {
    for (const text of ['320100', '南京', '南京市', '江苏南京', '江苏省南京市', '江苏省南京', ' 南京 ', '３２０１００'])
      expect(code(text)).toBe('320100');
    expect(code('上海')).toBe('310000');
    expect(code('上海市')).toBe('310000');
    expect(code('深圳')).toBe('440300');
    expect(code('吉林省')).toBe('220000');
    expect(code('吉林市')).toBe('220200');
    expect(code('吉林吉林')).toBe('220200');
    expect(code('延边')).toBe('222400');
    expect(code('延边州')).toBe('222400');
    expect(code('广西')).toBe('450000');
    expect(code('内蒙古')).toBe('150000');
    expect(code('仙桃')).toBe('429004');
    expect(code('乌鲁木齐')).toBe('650100');
  });

  it('names an ambiguous name with every candidate, and an unknown one plainly', () => {
    expect(directory.resolve('吉林')).toEqual({ ok: false, message: '“吉林”可指吉林省（220000）、吉林市（220200），请输入全称或6位代码' });
    expect(directory.resolve('海南')).toMatchObject({
      ok: false,
      message: expect.stringContaining('海南省（460000）、海南藏族自治州（632500）'),
    });
    expect(directory.resolve('浦东')).toMatchObject({ ok: false, message: expect.stringContaining('找不到地区“浦东”') });
    expect(directory.resolve('320102')).toMatchObject({ ok: false, message: expect.stringContaining('是否应为 320100（南京市）') });
    expect(directory.resolve('999999')).toMatchObject({ ok: false, message: expect.stringContaining('不在区划代码表') });
    expect(directory.resolve('CN')).toMatchObject({ ok: false });
    expect(directory.resolve('  ')).toBeNull();
  });

  it('short names keep at least two characters', () => {
    expect(shortRegionName('内蒙古自治区')).toBe('内蒙古');
    expect(shortRegionName('西藏自治区')).toBe('西藏');
    expect(shortRegionName('保亭黎族苗族自治县')).toBe('保亭');
    expect(shortRegionName('海西蒙古族藏族自治州')).toBe('海西');
    expect(shortRegionName('大兴安岭地区')).toBe('大兴安岭');
  });
});
