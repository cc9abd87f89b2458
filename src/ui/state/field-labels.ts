// How the window names a field in a message: the label the clerk sees on screen, and
// rows counted from 1 ("第2段 结束月份"), never a field path.

const FIELD_LABELS: Record<string, string> = {
  'person.name': '姓名',
  'person.idNumber': '身份证号',
  'person.phone': '联系电话',
  'person.sex': '性别',
  'person.birth': '出生年月',
  'person.retirementCategory': '退休类别',
  region: '参保地',
  asOf: '办理日期',
  deemedMonths: '视同缴费月数',
  'request.scheme': '申请险种',
  'request.paymentDate': '计划缴费日期',
  'request.payer': '缴费人',
  'request.base': '补缴基数',
  'request.transferFrom': '转出地',
  'request.switchFromScheme': '险种切换',
  'request.residentRepairYears': '修复变动等待期',
  history: '参保记录',
};

export const ROW_FIELD_LABELS: Record<string, string> = {
  from: '开始月份',
  to: '结束月份',
  scheme: '险种',
  status: '状态',
  base: '缴费基数',
  region: '参保地',
};

/** `history[1].to` → { index: 1, field: 'to' }; `history[1]` → field ''. */
export function historyPath(path: string): { index: number; field: string } | null {
  const m = /^history\[(\d+)\](?:\.(\w+))?$/.exec(path);
  return m ? { index: Number(m[1]), field: m[2] ?? '' } : null;
}

/** The label of a field path; `rowNumber` is the grid's 1-based number of a history row. */
export function fieldLabel(path: string, rowNumber?: number): string {
  const row = historyPath(path);
  if (row) {
    const n = `第${rowNumber ?? row.index + 1}段`;
    return row.field ? `${n} ${ROW_FIELD_LABELS[row.field] ?? '记录'}` : n;
  }
  return FIELD_LABELS[path] ?? '案件';
}
