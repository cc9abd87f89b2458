// The working draft (autosaved as typed) and the counter's settings.
import type { ServiceSlice } from '../../api/contract.ts';
import type { ServiceContext } from '../context.ts';
import { guard } from '../errors.ts';
import { loadSettingsView, saveSettings } from '../settings.ts';

export function draftAndSettingsServices({ repos }: ServiceContext): ServiceSlice<'draftsAndSettings'> {
  return {
    getDraft: () => guard(() => repos.drafts.get()),
    saveDraft: ({ caseId, form }) => guard(() => repos.drafts.save(caseId, form)),
    clearDraft: () => guard(async () => (await repos.drafts.clear(), null)),
    getSettings: () => guard(() => loadSettingsView(repos)),
    saveSettings: ({ version, ...input }) =>
      guard(async () => {
        // The retention period is changed only by setRetention, which asks for the PIN.
        await saveSettings(repos, (current) => ({ ...input, retentionDays: current.retentionDays ?? 0 }), version ?? null);
        return loadSettingsView(repos);
      }),
  };
}
