// The five counter situations the workbench is checked and photographed in (issue 11),
// each with the day it is assessed on: the browser's clock is set to that day, so the
// figures do not move with the date the tests run on.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './support.ts';

const golden = (file: string) => JSON.parse(readFileSync(join(root, 'tests', 'golden', 'valid', file), 'utf8')).case;

export interface Situation {
  name: string;
  title: string;
  caseFile: Record<string, any>;
}

/** Nanjing, moved in from Shanghai, paid to 2026-07, paying 2026-11-25: n = 3. */
export const transferN3: Situation = {
  name: 'transfer-n3',
  title: '转移接续，中断3个月',
  caseFile: JSON.parse(readFileSync(join(root, 'examples', 'example-case.json'), 'utf8')),
};

/** Shanghai flexible worker, paid to 2026-03, paying in 2026-09: n = 5 (golden 43). */
export const flexibleN5: Situation = {
  name: 'flexible-n5',
  title: '灵活就业，中断5个月',
  caseFile: golden('43-shanghai-flexible-long-tier.json'),
};

/** Shenzhen employer arrears across a rate change, with a late fee (golden 32). */
export const employerArrears: Situation = {
  name: 'employer-arrears',
  title: '单位欠费',
  caseFile: golden('32-shenzhen-arrears-5-6-percent-clamp.json'),
};

/** Twenty years in Nanjing: four employers, two gaps, six ranges (the keystroke test types this one). */
export const twentyYears: Situation = {
  name: 'twenty-years',
  title: '20年缴费记录',
  caseFile: {
    format: 'yibao-case/1',
    asOf: '2026-11-22',
    region: '320100',
    person: { name: '周二十', idNumber: '32010219800512001X', sex: 'male', birth: '1980-05', retirementCategory: 'male' },
    history: [
      { from: '2006-08', to: '2010-03', scheme: 'employee', status: 'paid', base: 3500 },
      { from: '2010-04', to: '2014-12', scheme: 'employee', status: 'paid', base: 5000 },
      { from: '2015-05', to: '2017-06', scheme: 'employee', status: 'paid', base: 5000 },
      { from: '2017-07', to: '2021-02', scheme: 'employee', status: 'paid', base: 7200 },
      { from: '2021-09', to: '2023-12', scheme: 'employee', status: 'paid', base: 7200 },
      { from: '2024-01', to: '2026-07', scheme: 'employee', status: 'paid', base: 9000 },
    ],
    deemedMonths: 0,
    request: { scheme: 'employee', paymentDate: '2026-11-25', payer: 'individual' },
  },
};

/** The transfer case typed badly: month 13, a negative base, a wrong ID check digit, an overlap. */
export const badInput: Situation = {
  name: 'bad-input',
  title: '录入有误',
  caseFile: {
    ...transferN3.caseFile,
    person: { ...transferN3.caseFile.person, name: '错录', idNumber: '320102197608150011' },
    history: [
      { from: '2010-07', to: '2016-13', scheme: 'employee', status: 'paid', base: 8000, region: '310000' },
      { from: '2016-06', to: '2026-07', scheme: 'employee', status: 'paid', base: -5, region: '310000' },
    ],
  },
};

export const SITUATIONS = [transferN3, flexibleN5, employerArrears, twentyYears, badInput];
