// Every warning code in words, in one place (issue 23): the short title the window and
// `yibao assess --text` show, what the clerk can do about it (the window's 详情), and the
// sentence the client reads on the sheet. A new code in WARNING_CODES without its words is a
// type error here, so the sheet can never silently print nothing for it.
import type { WarningCode } from '../assessment.ts';

export interface WarningWords {
  /** Short name, e.g. "政策库缺少数据". */
  title: string;
  /** For the clerk: what it means at the counter and what to do. */
  screen: string;
  /** For the client, one plain sentence; `documents` names the documents concerned ("" when none). */
  sheet: (documents: string) => string;
}

export const WARNING_WORDS: Record<WarningCode, WarningWords> = {
  MISSING_PARAMETER: {
    title: '政策库缺少数据',
    screen: '标为“暂无法计算”或“无法确定”的项目缺少政策数据；政策库 → 覆盖情况 可查看本地缺哪些数据。',
    sheet: () => '本系统缺少部分当地数据，表中标为“暂无法计算”或“无法确定”的项目请以经办机构核定为准。',
  },
  POLICY_EXPIRED: {
    title: '政策文件已到期',
    screen: '所依据的文件已过有效期且续期未录入，结论改按上级或国家规定；请在 政策库 更新。',
    sheet: (documents) => `${documents}已过有效期（续期未确认），相关结论改按上级或国家规定。`,
  },
  UNVERIFIED_SOURCE: {
    title: '依据未经核实',
    screen: '所用数据的来源未经官方原文核实，告知单上该数字旁会注明“未经核实”；请向经办机构确认。',
    sheet: (documents) => (documents ? `部分依据（${documents}）来源未经官方原文核实。` : '部分依据来源未经官方原文核实。'),
  },
  LOCAL_RULE_CAP_ONLY: {
    title: '当地只规定了上限',
    screen: '当地只规定了等待期的上限，具体月数由经办机构核定。',
    sheet: () => '当地只规定了等待期的上限，具体等待月数和待遇起始月份以经办机构核定为准。',
  },
  LOCAL_RULE_MISSING: {
    title: '当地规定未录入',
    screen: '本地中断续保规则未录入：管理员可在 政策库 → 本地规则设置 录入。',
    sheet: () =>
      '当地中断续保的具体规定尚未录入本系统，能否补缴、待遇等待期、待遇起始月份和中断期间费用能否报销，以当地医保经办机构核定为准。',
  },
  MISSING_INPUT: {
    title: '缺少录入信息',
    screen: '缴费基数未能确定，请补录月缴费基数。',
    sheet: () => '缴费基数未能确定，补缴金额暂无法计算，请向经办机构确认缴费基数。',
  },
};

/** The short Chinese name of each warning, as the window and `yibao assess --text` show it. */
export const warningTitle = (code: WarningCode): string => WARNING_WORDS[code].title;
