// Times as the clerk reads them: local time (the machine's zone, Asia/Shanghai at the
// counters) and always with the date. Stored times are ISO strings: with a zone (UTC "Z")
// they are converted; without one they are already local wall-clock time.

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-11-28 16:46" in local time; "2026-11-28 16:46:05" with seconds (things made within a minute of each other, such as backups). */
export function localDateTime(iso: string, options: { seconds?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const minutes = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  return options.seconds ? `${minutes}:${pad(d.getSeconds())}` : minutes;
}
