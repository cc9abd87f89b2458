// The one path from what was typed or stored to an answer: check the case (validate.ts),
// then assess the normalised case (engine/assess.ts). Every caller — the window, the
// services, the impact check, the reminders, the coverage view and the command line —
// goes through here, so a case is never assessed without the checks a clerk's case gets.
import type { Assessment } from './assessment.ts';
import type { CaseFile } from './case.ts';
import { assess, type EngineContext } from './engine/assess.ts';
import type { NormalizedCase } from './case.ts';
import { validateCase, type FieldError } from './validate.ts';

export type CheckedAssessment =
  { valid: true; assessment: Assessment; caseFile: CaseFile; normalized: NormalizedCase } | { valid: false; errors: FieldError[] };

export function checkAndAssess(input: unknown, engine: EngineContext): CheckedAssessment {
  const checked = validateCase(input, engine.regions);
  if (!checked.ok) return { valid: false, errors: checked.errors };
  return { valid: true, assessment: assess(checked.value, engine), caseFile: checked.caseFile, normalized: checked.value };
}
