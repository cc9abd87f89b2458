// 统计's 核算案件: the window assesses as the clerk types, with no round trip, so it tells the
// services what it assessed — once the typing pauses and only when that changed — for the
// client's case now on the form. It sends no name, ID number or phone: the workbench's key for
// this case on the form (a new one whenever another case is put there), the region and scheme,
// the interruption's length and the questions the library answered "unknown". A note that
// cannot be delivered is let go: statistics never stand in the clerk's way.
import { untrack } from 'svelte';
import { api } from '../api/client.ts';
import type { Assessment } from '../../core/assessment.ts';
import type { CaseFile } from '../../core/case.ts';
import { unknownQuestions } from '../../core/statistics.ts';
import { Latest } from './latest.ts';

/** What is noted of the workbench (workbench.svelte.ts, which imports this file). */
interface Assessing {
  readonly ready: boolean;
  readonly assessment: Assessment | null;
  readonly consultation: string;
  readonly caseFile: CaseFile;
}

/** How long the typing must pause before the assessment is noted. */
export const NOTE_PAUSE_MS = 2000;

/** A key for one client's case on the form: random, naming nobody (getRandomValues works on a plain-HTTP hall too). */
export function newConsultation(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Notes the workbench's assessments (call while a component is being set up: the effect ends with it). */
export function noteAssessments(workbench: Assessing): void {
  let lastSent = '';
  let next: Parameters<typeof api.noteAssessment>[0] | null = null;
  // After the pause (src/ui/state/latest.ts); a note that cannot be delivered is let go.
  const notes = new Latest(
    async () => {
      const note = next;
      if (!note) return;
      lastSent = JSON.stringify(note);
      await api.noteAssessment(note).catch(() => undefined);
    },
    () => undefined,
    { pauseMs: NOTE_PAUSE_MS },
  );
  $effect(() => {
    const assessment = workbench.ready ? workbench.assessment : null;
    const consultation = workbench.consultation;
    notes.cancel();
    if (!assessment) return;
    const caseFile = untrack(() => workbench.caseFile);
    const note = {
      consultation,
      region: caseFile.region,
      scheme: caseFile.request.scheme,
      interruptionMonths: assessment.interruption?.months ?? null,
      unknowns: unknownQuestions(assessment),
    };
    if (JSON.stringify(note) === lastSent) return;
    next = note;
    void notes.request();
    return () => notes.cancel();
  });
}
