// A region code in a case must be a pooling region (统筹区) in the region table.
import type { RegionDirectory } from '../regions.ts';
import type { Report } from './fields.ts';

/** A check of one region code at a field path; suggests the pooling region for a county code. */
export function regionCheck(regions: RegionDirectory, err: Report) {
  return (path: string, code: string): void => {
    if (regions.has(code) && code !== 'CN') return;
    const suggestion = regions.suggestPoolingRegion(code);
    err(
      path,
      suggestion
        ? `地区代码 "${code}" 不是统筹区代码（区县级代码不可用）；是否应为 ${suggestion}（${regions.name(suggestion)}）？`
        : `地区代码 "${code}" 不在区划代码表（GB/T 2260 省级、地级）中`,
    );
  };
}
