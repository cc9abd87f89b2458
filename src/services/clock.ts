// The counter's clock as people read it.

/** Local wall-clock time as YYYY-MM-DDTHH:mm:ss (what the counter's clock shows). */
export function localTimestamp(date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`;
}

/** Today at the counter, YYYY-MM-DD. */
export const localToday = (): string => localTimestamp().slice(0, 10);
