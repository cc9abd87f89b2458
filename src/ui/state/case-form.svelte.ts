// The case being typed at the counter, kept exactly as typed (strings), so nothing is
// lost and every problem can be shown next to its field. `toCaseFile()` builds the
// contract's case file: a month or date in a usual spelling becomes its ISO form, a
// region name its code (the one resolver), text that reads as a number a number; anything
// else is passed through unchanged for the validator to name.
import { CASE_FORMAT, type CaseFile } from '../../core/case.ts';
import { checkIdNumber } from '../../core/idcard.ts';
import { nextMonthText } from '../../core/import-cells.ts';
import type { RegionDirectory } from '../../core/regions.ts';
import {
  blankToNull,
  intOrText,
  isDataRow,
  normalDate,
  normalIdNumber,
  normalMonth,
  numberOrText,
  regionCode,
  todayIso,
} from './form-text.ts';
import type { FormSnapshot, HistoryRow } from './form-snapshot.ts';

let nextKey = 1;

const EMPTY_PERSON: FormSnapshot['person'] = { name: '', idNumber: '', phone: '', sex: 'male', birth: '', retirementCategory: 'male' };
const EMPTY_REQUEST: FormSnapshot['request'] = {
  scheme: 'employee',
  paymentDate: '',
  payer: '',
  base: '',
  transferFrom: '',
  switchFromScheme: '',
  residentRepairYears: '0',
};

export class CaseForm {
  caseId = $state<string | null>(null);
  asOf = $state(todayIso());
  region = $state('');
  person = $state({ ...EMPTY_PERSON });
  history = $state<HistoryRow[]>([]);
  deemedMonths = $state('0');
  request = $state({ ...EMPTY_REQUEST });

  /**
   * Rows that are data: anything typed, except the pre-filled next line the grid adds
   * (Enter) until the clerk edits it.
   */
  get filledRows(): HistoryRow[] {
    return this.history.filter(isDataRow);
  }

  toCaseFile(directory: RegionDirectory): CaseFile {
    const history = this.filledRows.map((r) => {
      const entry: Record<string, unknown> = { from: normalMonth(r.from), to: normalMonth(r.to), scheme: r.scheme, status: r.status };
      const base = numberOrText(r.base);
      if (base !== null) entry.base = base;
      if (r.region.trim()) entry.region = regionCode(r.region, directory);
      return entry;
    });
    const person: Record<string, unknown> = {
      name: this.person.name,
      sex: this.person.sex,
      birth: normalMonth(this.person.birth),
      retirementCategory: this.person.retirementCategory,
    };
    if (this.person.idNumber.trim()) person.idNumber = normalIdNumber(this.person.idNumber);
    if (this.person.phone?.trim()) person.phone = this.person.phone.trim();
    const transferFrom = blankToNull(this.request.transferFrom);
    const paymentDate = blankToNull(this.request.paymentDate);
    // The validator names whatever is wrong here, field by field; the shape is the contract's.
    return {
      format: CASE_FORMAT,
      asOf: normalDate(this.asOf),
      region: regionCode(this.region, directory),
      person,
      history,
      deemedMonths: intOrText(this.deemedMonths, 0),
      request: {
        scheme: this.request.scheme,
        paymentDate: paymentDate === null ? null : normalDate(paymentDate),
        payer: blankToNull(this.request.payer),
        base: numberOrText(this.request.base),
        transferFrom: transferFrom === null ? null : regionCode(transferFrom, directory),
        switchFromScheme: blankToNull(this.request.switchFromScheme),
        residentRepairYears: intOrText(this.request.residentRepairYears, 0),
      },
    } as unknown as CaseFile;
  }

  /** Which form row a `history[i]` error path points at (i indexes the case file's history). */
  rowKeyOfHistoryIndex(index: number): number | null {
    return this.filledRows[index]?.key ?? null;
  }

  snapshot(): FormSnapshot {
    return {
      asOf: this.asOf,
      region: this.region,
      person: { ...this.person },
      history: this.history.map(({ key: _key, ...rest }) => rest),
      deemedMonths: this.deemedMonths,
      request: { ...this.request },
    };
  }

  restore(snapshot: Partial<FormSnapshot>, caseId: string | null = null): void {
    // A draft from an older version may lack fields: every field has a default.
    const person: Partial<FormSnapshot['person']> = snapshot.person ?? {};
    const request: Partial<FormSnapshot['request']> = snapshot.request ?? {};
    this.caseId = caseId;
    this.asOf = snapshot.asOf ?? todayIso();
    this.region = snapshot.region ?? '';
    this.person = { ...EMPTY_PERSON, ...person };
    this.history = (snapshot.history ?? []).map((r: Partial<Omit<HistoryRow, 'key'>>) => this.newRow(r));
    this.deemedMonths = snapshot.deemedMonths ?? '0';
    this.request = { ...EMPTY_REQUEST, ...request };
  }

  /** A saved or opened case file as the form holds it (values become text again). */
  static snapshotOf(c: CaseFile): FormSnapshot {
    const text = (x: unknown) => (x === null || x === undefined ? '' : String(x));
    return {
      asOf: c.asOf,
      region: c.region,
      person: {
        name: c.person.name,
        idNumber: text(c.person.idNumber),
        phone: text(c.person.phone),
        sex: c.person.sex,
        birth: c.person.birth,
        retirementCategory: c.person.retirementCategory,
      },
      history: c.history.map((h) => ({
        from: h.from,
        to: h.to,
        scheme: h.scheme,
        status: h.status,
        base: text(h.base),
        region: text(h.region),
      })),
      deemedMonths: text(c.deemedMonths ?? 0),
      request: {
        scheme: c.request.scheme,
        paymentDate: text(c.request.paymentDate),
        payer: text(c.request.payer),
        base: text(c.request.base),
        transferFrom: text(c.request.transferFrom),
        switchFromScheme: text(c.request.switchFromScheme),
        residentRepairYears: text(c.request.residentRepairYears ?? 0),
      },
    };
  }

  /** A blank case: today, the counter's default region, one empty row. */
  static blank(defaultRegion: string, today: string): FormSnapshot {
    return {
      asOf: today,
      region: defaultRegion,
      person: { ...EMPTY_PERSON },
      history: [{ from: '', to: '', scheme: 'employee', status: 'paid', base: '', region: '' }],
      deemedMonths: '0',
      request: { ...EMPTY_REQUEST },
    };
  }

  /**
   * The next range after a row: it starts the month after that row's end, keeps its
   * scheme and base, and is in the case's region (blank) whatever city the row was in.
   */
  addRow(afterKey?: number): HistoryRow {
    const index = afterKey === undefined ? this.history.length - 1 : this.history.findIndex((r) => r.key === afterKey);
    const previous = this.history[index];
    const end = previous ? normalMonth(previous.to) : '';
    const row: HistoryRow = {
      key: nextKey++,
      auto: !!previous,
      from: /^\d{4}-\d{2}$/.test(end) ? nextMonthText(end) : '',
      to: '',
      scheme: previous?.scheme ?? 'employee',
      status: 'paid',
      base: previous?.base ?? '',
      region: '',
    };
    this.history.splice(index + 1, 0, row);
    return row;
  }

  /** A row that is not yet in the grid (for paste and import). */
  newRow(values: Partial<Omit<HistoryRow, 'key'>> = {}): HistoryRow {
    return { key: nextKey++, from: '', to: '', scheme: 'employee', status: 'paid', base: '', region: '', ...values };
  }

  /** Puts rows at a position, replacing `replace` rows there. */
  insertRows(index: number, rows: HistoryRow[], replace = 0): void {
    this.history.splice(index, replace, ...rows);
  }

  removeRow(key: number): void {
    this.history = this.history.filter((r) => r.key !== key);
  }

  /**
   * Fills birth month and sex from a complete, valid ID number as it is typed. An invalid one
   * changes nothing here: the validator names the problem at the field (one wording).
   */
  idNumberTyped(): void {
    const check = checkIdNumber(normalIdNumber(this.person.idNumber));
    if (!check.ok) return;
    const birthText = String(check.birthDay);
    this.person.birth = `${birthText.slice(0, 4)}-${birthText.slice(4, 6)}`;
    if (this.person.sex !== check.sex) {
      this.person.sex = check.sex;
      this.sexChanged();
    }
  }

  /**
   * Which of 性别, 出生年月 and 退休类别 hold what a complete, valid ID number says: the cursor
   * skips them on Tab (they stay editable with the mouse), so from the ID the clerk lands on
   * the next thing to ask (a woman's 退休类别, else 参保地).
   */
  get filledById(): { sex: boolean; birth: boolean; category: boolean } {
    const check = checkIdNumber(normalIdNumber(this.person.idNumber));
    if (!check.ok) return { sex: false, birth: false, category: false };
    const birthText = String(check.birthDay);
    const sex = this.person.sex === check.sex;
    return {
      sex,
      birth: this.person.birth === `${birthText.slice(0, 4)}-${birthText.slice(4, 6)}`,
      category: sex && check.sex === 'male' && this.person.retirementCategory === 'male',
    };
  }

  /** A man's category is 男职工; a woman's must be chosen (55 or 50): it moves retirement by years. */
  sexChanged(): void {
    if (this.person.sex === 'male') this.person.retirementCategory = 'male';
    else if (!this.person.retirementCategory.startsWith('female-')) this.person.retirementCategory = '';
  }
}
