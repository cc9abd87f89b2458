// The coverage of the policy library (core/policy/coverage.ts) on the library as stored, at a
// date given or today at the counter: for the 政策库 tab and `yibao policy coverage`.
import { ServiceError } from '../api/result.ts';
import { COVERAGE_CITIES, coverageReport, type CoverageReport } from '../core/policy/coverage.ts';
import type { Repositories } from '../store/ports.ts';
import { localToday } from './clock.ts';

export async function policyCoverage(
  repos: Pick<Repositories, 'policy'>,
  options: { region?: string | null; asOf?: string | null } = {},
): Promise<CoverageReport> {
  const regions = await repos.policy.regions();
  const region = options.region ?? null;
  if (region !== null && (region === 'CN' || !regions.has(region)))
    throw new ServiceError('INVALID_INPUT', `地区 "${region}" 不在区划代码表中（请填写市或省的 6 位区划代码）`);
  const library = await repos.policy.library();
  return coverageReport(library, regions, options.asOf ?? localToday(), region === null ? COVERAGE_CITIES : [region]);
}
