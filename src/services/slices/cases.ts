// The workbench's calls: start-up, assessment, regions, saved cases, statement import.
import { conflictMessage } from '../../api/conflict-text.ts';
import type { AssessOutcome, CaseSummary, DeletedCaseView, SavedCase, ServiceSlice } from '../../api/contract.ts';
import { fail, ServiceError } from '../../api/result.ts';
import { checkAndAssess } from '../../core/check-and-assess.ts';
import { maskIdNumber } from '../../core/idcard.ts';
import type { RegionDirectory } from '../../core/regions.ts';
import { validateCase } from '../../core/validate.ts';
import { CaseConflictError } from '../../store/errors.ts';
import type { CaseRow, DeletedCase } from '../../store/ports.ts';
import { localTimestamp, localToday } from '../clock.ts';
import { CASE_MISSING, found, withPin, type ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { expiringDocuments } from '../policy-admin.ts';
import { loadSettings, loadSettingsView } from '../settings.ts';
import { parseStatement } from '../statement.ts';

type Summarised = Pick<CaseRow, 'id' | 'personName' | 'idNumber' | 'region' | 'updatedAt'>;

const summary = (row: Summarised, regions: RegionDirectory): CaseSummary => ({
  id: row.id,
  personName: row.personName,
  idNumberMasked: row.idNumber ? maskIdNumber(row.idNumber) : null,
  region: row.region,
  regionName: regions.name(row.region),
  updatedAt: row.updatedAt,
});

const binned = (row: DeletedCase, regions: RegionDirectory): DeletedCaseView => ({
  ...summary(row, regions),
  deletedAt: row.deletedAt,
  deletedBy: row.deletedBy,
  deletedCounter: row.deletedCounter,
});

/** How many deleted cases the 回收站 lists at most (newest first). */
const BIN_LIMIT = 200;
const NOT_IN_BIN = '回收站里没有这个案件（可能已被恢复，或已按保存期限或客户数据删除清除）。';

/** A saved case as the window gets it: every column but those it reads from the case file itself. */
type SentToWindow = Omit<CaseRow, 'personName' | 'idNumber' | 'region'>;
// SavedCase (api/shapes.ts) and CaseRow (store/ports.ts) agree: a column added to one and not the other is a type error here.
const agree: [keyof SentToWindow, keyof SavedCase] extends [keyof SavedCase, keyof SentToWindow] ? true : never = true;
void agree;

const savedCase = ({ personName: _name, idNumber: _idNumber, region: _region, ...saved }: CaseRow): SavedCase => saved;

/** The second of two saves of one case: what happened, in Chinese, with the other version attached. */
function conflictError(current: CaseRow): ServiceError {
  const when = localTimestamp(new Date(current.updatedAt)).replace('T', ' ');
  return new ServiceError('CONFLICT', conflictMessage(current, when), undefined, savedCase(current));
}

export function caseServices(ctx: ServiceContext): ServiceSlice<'cases'> {
  const { repos, log } = ctx;
  const { cases, policy } = repos;
  const regionRows = async () => (await policy.regions()).all().filter((r) => r.code !== 'CN');
  return {
    bootstrap: () =>
      guard(async () => ({
        settings: await loadSettingsView(repos),
        draft: await repos.drafts.get(),
        regions: await regionRows(),
        policyRows: [...(await policy.library()).rows],
        expiring: await expiringDocuments(repos, localToday()),
      })),
    assess: (caseInput) =>
      guard(async (): Promise<AssessOutcome> => {
        const checked = checkAndAssess(caseInput, { policies: await policy.library(), regions: await policy.regions() });
        return checked.valid ? { valid: true, assessment: checked.assessment } : { valid: false, errors: checked.errors };
      }),
    regions: () => guard(async () => (await regionRows()).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))),
    listCases: (query) =>
      guard(async () => {
        const regions = await policy.regions();
        return (await cases.list(query)).map((row) => summary(row, regions));
      }),
    getCase: (id) =>
      guard(async () => {
        return savedCase(found(await cases.get(id), CASE_MISSING));
      }),
    saveCase: async ({ id, caseFile, version }) => {
      const validated = await guard(async () => validateCase(caseFile, await policy.regions()));
      if (!validated.ok) return validated;
      if (!validated.value.ok) return fail('INVALID_INPUT', '案件信息有误，未保存；请按提示修改。', validated.value.errors);
      const valid = validated.value.caseFile;
      return guard(async () => {
        const { clerkName, counterNumber } = await loadSettings(repos);
        try {
          const saved = found(
            await cases.save(valid, id ?? null, { expectedVersion: version ?? null, by: { clerk: clerkName, counter: counterNumber } }),
            CASE_MISSING,
          );
          log.write('case-saved', { case: saved.id });
          return saved;
        } catch (error) {
          if (error instanceof CaseConflictError) throw conflictError(error.current);
          throw error;
        }
      });
    },
    // A clerk's deletion goes to the recycle bin with who did it (issue 22, finding 18); only the
    // erasure of a client (deleteClientData, administrator PIN) removes data for good.
    deleteCase: (id) =>
      guard(async () => {
        const { clerkName, counterNumber } = await loadSettings(repos);
        found((await cases.delete(id, { clerk: clerkName, counter: counterNumber })) || null, CASE_MISSING);
        log.write('case-deleted', { case: id });
        return null;
      }),
    deletedCases: () =>
      guard(async () => {
        const regions = await policy.regions();
        return (await cases.deleted(BIN_LIMIT)).map((row) => binned(row, regions));
      }),
    restoreCase: ({ id, pin }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          const { clerkName, counterNumber } = await loadSettings(repos);
          const row = found(await cases.restore(id, { clerk: clerkName, counter: counterNumber }), NOT_IN_BIN);
          log.write('case-restored', { case: id });
          return summary(row, await policy.regions());
        }),
      ),
    parseStatement: ({ fileName, base64 }) =>
      guard(async () => parseStatement(fileName, Buffer.from(base64, 'base64'), await policy.regions())),
  };
}
