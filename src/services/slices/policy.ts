// The 政策库 screen's calls: the library, the audit log, dated edits and signed packs
// (previewed with their impact on saved cases before anything changes), the PIN and the
// trusted keys.
import type { PolicyChangePreview, PolicyEditsPreview, ServiceSlice, TypicalComparison } from '../../api/contract.ts';
import { fail } from '../../api/result.ts';
import { POLICY_KEYS } from '../../core/policy/keys.ts';
import { PolicySet, type PolicyDocument } from '../../core/policy/policy-set.ts';
import { typicalAnswers } from '../../core/policy/typical.ts';
import { hasAdminPin, setAdminPin } from '../admin-pin.ts';
import { auditProblem } from '../audit-check.ts';
import { localTimestamp, localToday } from '../clock.ts';
import { found, withPin, type ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { previewImpact } from '../impact/preview.ts';
import { applyPlanInMemory, auditLog, expiringDocuments, planEdit, planEdits, writePlan, type EditPlan } from '../policy-admin.ts';
import {
  addTrustedKey,
  applyPack,
  checkPack,
  exportPack,
  exportPackOf,
  removeTrustedKey,
  trustedKeys,
  type PackCheck,
} from '../policy-packs.ts';
import { policyCoverage } from '../policy-coverage.ts';
import { releaseConflicts, resolveConflict } from '../policy-release.ts';
import { loadSettings } from '../settings.ts';

type CheckedPack = Extract<PackCheck, { ok: true }>;

export function policyServices(ctx: ServiceContext): ServiceSlice<'policy'> {
  const { repos, log } = ctx;
  const actor = async () => (await loadSettings(repos)).clerkName || '管理员';
  // A preview starts the impact check on every saved case (a job the window follows); applying a
  // change does not check again (the window keeps the preview it showed).
  const editPreview = async (plan: EditPlan, impact: boolean): Promise<PolicyChangePreview> => ({
    added: plan.insert,
    closed: plan.close,
    newDocuments: plan.newDocument ? [plan.newDocument] : [],
    unchanged: 0,
    impact: impact ? await previewImpact(ctx, applyPlanInMemory((await repos.policy.library()).rows, plan)) : null,
  });
  /** A set of edits: what it changes, its impact, and (for a local rule) the typical situations before and after. */
  const editsPreview = async (
    plan: EditPlan & { newDocuments: PolicyDocument[] },
    typical: { region: string; scheme: 'employee' | 'flexible'; paymentDate: string } | null,
    impact: boolean,
  ): Promise<PolicyEditsPreview> => {
    const current = await repos.policy.library();
    const proposedRows = applyPlanInMemory(current.rows, plan);
    let comparison: TypicalComparison | null = null;
    if (typical) {
      const regions = await repos.policy.regions();
      const now = typicalAnswers(current, regions, typical);
      const next = typicalAnswers(new PolicySet(proposedRows, { invalidRows: 'flag' }), regions, typical);
      comparison = {
        ...typical,
        rows: now.map((r, i) => ({ id: r.id, label: r.label, current: r.answer, proposed: next[i]?.answer ?? null })),
      };
    }
    return {
      added: plan.insert,
      closed: plan.close,
      newDocuments: plan.newDocuments,
      unchanged: 0,
      impact: impact ? await previewImpact(ctx, proposedRows) : null,
      typical: comparison,
    };
  };
  const packPreview = async (check: CheckedPack, impact: boolean) => ({
    ...check.diff,
    createdBy: check.pack.createdBy,
    createdAt: check.pack.createdAt,
    contentHash: check.pack.contentHash,
    signer: check.signer.name,
    impact: impact ? await previewImpact(ctx, check.proposedRows) : null,
  });
  const impactMissing = '找不到此影响预览（可能已过期、已由新的预览取代，或由另一台服务器计算）；请重新预览。';
  return {
    policyLibrary: () =>
      guard(async () => {
        const today = localToday();
        const library = await repos.policy.library();
        return {
          rows: [...library.rows],
          unusable: library.problems.map(({ row, reason }) => ({ id: row.id, region: row.region, key: row.key, reason })),
          keys: Object.entries(POLICY_KEYS).map(([key, spec]) => ({ key, label: spec.label, type: spec.type })),
          expiring: await expiringDocuments(repos, today),
          hasAdminPin: await hasAdminPin(repos),
          trustedKeys: (await trustedKeys(repos)).map(({ keyId, name, addedAt, regions }) => ({
            keyId,
            name,
            addedAt,
            regions: regions ?? null,
          })),
          today,
          auditProblem: auditProblem(await repos.policy.verifyAuditChain()),
        };
      }),
    policyVersion: () => guard(() => repos.policy.version()),
    policyAudit: ({ limit }) => guard(() => auditLog(repos, { limit })),
    previewPolicyValue: async (edit) => {
      const planned = await guard(() => planEdit(repos, edit, localToday()));
      if (!planned.ok) return planned;
      if (!planned.value.ok) return fail('INVALID_INPUT', planned.value.errors.join('\n'), planned.value.fields);
      const { plan } = planned.value;
      return guard(() => editPreview(plan, true));
    },
    previewPolicyEdits: async ({ edits, typical }) => {
      const planned = await guard(() => planEdits(repos, edits, localToday()));
      if (!planned.ok) return planned;
      if (!planned.value.ok) return fail('INVALID_INPUT', planned.value.errors.join('\n'), planned.value.fields);
      const { plan } = planned.value;
      return guard(() => editsPreview(plan, typical ?? null, true));
    },
    addPolicyValues: ({ edits, pin }) =>
      withPin(ctx, pin, async () => {
        const planned = await guard(() => planEdits(repos, edits, localToday()));
        if (!planned.ok) return planned;
        if (!planned.value.ok) return fail('INVALID_INPUT', planned.value.errors.join('\n'), planned.value.fields);
        const { plan } = planned.value;
        return guard(async () => {
          const preview = await editsPreview(plan, null, false);
          // One change, one reason: the set is saved as the administrator wrote it.
          const reason = [...new Set(edits.map((e) => e.reason.trim()))].join('；');
          await writePlan(repos, plan, { actor: await actor(), reason });
          log.write('policy-edit', { added: plan.insert.map((r) => r.id).join(','), closed: plan.close.map((c) => c.row.id).join(',') });
          return preview;
        });
      }),
    exportPolicyEditsPack: async ({ edits, privateKeyPem, createdBy }) => {
      const planned = await guard(() => planEdits(repos, edits, localToday()));
      if (!planned.ok) return planned;
      if (!planned.value.ok) return fail('INVALID_INPUT', planned.value.errors.join('\n'), planned.value.fields);
      const { plan } = planned.value;
      return guard(async () => {
        const rows = applyPlanInMemory((await repos.policy.library()).rows, plan);
        const regions = [...new Set(edits.map((e) => e.region))].sort();
        const pack = await exportPackOf(rows, { regions, privateKeyPem, createdBy });
        return { text: `${JSON.stringify(pack, null, 2)}\n`, contentHash: pack.contentHash, values: pack.values.length };
      });
    },
    addPolicyValue: ({ edit, pin }) =>
      withPin(ctx, pin, async () => {
        const planned = await guard(() => planEdit(repos, edit, localToday()));
        if (!planned.ok) return planned;
        if (!planned.value.ok) return fail('INVALID_INPUT', planned.value.errors.join('\n'), planned.value.fields);
        const { plan } = planned.value;
        return guard(async () => {
          const preview = await editPreview(plan, false);
          await writePlan(repos, plan, { actor: await actor(), reason: edit.reason });
          log.write('policy-edit', {
            added: plan.insert.map((r) => r.id).join(','),
            closed: plan.close.map((c) => c.row.id).join(','),
          });
          return preview;
        });
      }),
    impactProgress: (jobId) => guard(async () => found(ctx.impactJobs.view(ctx.caller, jobId), impactMissing)),
    impactCases: ({ jobId, offset, limit }) =>
      guard(async () => found(ctx.impactJobs.page(ctx.caller, jobId, offset, limit), impactMissing)),
    cancelImpact: (jobId) => guard(async () => found(ctx.impactJobs.cancel(ctx.caller, jobId), impactMissing)),
    previewPolicyPack: async ({ text }) => {
      const check = await guard(() => checkPack(repos, text));
      if (!check.ok) return check;
      if (!check.value.ok) return fail('INVALID_INPUT', check.value.errors.join('\n'));
      const checked = check.value;
      return guard(() => packPreview(checked, true));
    },
    importPolicyPack: ({ text, pin }) =>
      withPin(ctx, pin, async () => {
        const check = await guard(() => checkPack(repos, text));
        if (!check.ok) return check;
        if (!check.value.ok) return fail('INVALID_INPUT', check.value.errors.join('\n'));
        const checked = check.value;
        return guard(async () => {
          const preview = await packPreview(checked, false);
          await applyPack(repos, checked, await actor());
          log.write('policy-pack', {
            hash: checked.pack.contentHash.slice(0, 16),
            added: checked.diff.added.length,
            closed: checked.diff.closed.length,
          });
          return preview;
        });
      }),
    exportPolicyPack: ({ regions, privateKeyPem, createdBy }) =>
      guard(async () => {
        const pack = await exportPack(repos, { regions, privateKeyPem, createdBy });
        return { text: `${JSON.stringify(pack, null, 2)}\n`, contentHash: pack.contentHash, values: pack.values.length };
      }),
    setAdminPin: async ({ currentPin, newPin }) => {
      const set = () => guard(async () => (await setAdminPin(repos, newPin), null));
      const pinSet = await guard(() => hasAdminPin(repos));
      if (!pinSet.ok) return pinSet;
      return pinSet.value ? withPin(ctx, currentPin, set) : set();
    },
    addTrustedKey: ({ name, publicKeyPem, regions, pin }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          const key = await addTrustedKey(repos, name, publicKeyPem, localTimestamp(), regions);
          return { keyId: key.keyId, name: key.name, regions: key.regions ?? [] };
        }),
      ),
    policyCoverage: ({ region, asOf }) => guard(() => policyCoverage(repos, { region, asOf })),
    policyRelease: () => guard(async () => ({ report: await repos.policy.lastRelease(), conflicts: await releaseConflicts(repos) })),
    resolvePolicyConflict: ({ id, resolution, pin }) =>
      withPin(ctx, pin, () =>
        guard(async () => {
          const conflict = await resolveConflict(repos, id, resolution, await actor());
          log.write('policy-conflict', { id, resolution });
          return { ...conflict, resolution, resolvedBy: await actor() };
        }),
      ),
    removeTrustedKey: ({ keyId, pin }) => withPin(ctx, pin, () => guard(async () => (await removeTrustedKey(repos, keyId), null))),
  };
}
