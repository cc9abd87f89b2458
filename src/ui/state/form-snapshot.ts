// The case form as text, as the clerk typed it: what a draft stores and the form restores.
// Kept apart from the form's state so the text helpers (form-text.ts) need not import the form.
export interface HistoryRow {
  key: number;
  from: string;
  to: string;
  scheme: string;
  status: string;
  base: string;
  region: string;
  /** Added by the grid with a pre-filled start and not yet edited: not data until touched. */
  auto?: boolean;
}

export interface FormSnapshot {
  asOf: string;
  region: string;
  /** `phone` (联系电话) is optional here: drafts saved before it existed lack it. */
  person: { name: string; idNumber: string; phone?: string; sex: string; birth: string; retirementCategory: string };
  history: Array<Omit<HistoryRow, 'key'>>;
  deemedMonths: string;
  request: {
    scheme: string;
    paymentDate: string;
    payer: string;
    base: string;
    transferFrom: string;
    switchFromScheme: string;
    residentRepairYears: string;
  };
}
