// The shapes the window sends that are also read back (settings) or worked on by the
// services (a dated policy edit): each declared once as a valibot schema, its type derived.
// The API table (methods.ts) checks every call against these before the services run.
import * as v from 'valibot';

export const text = (max: number) => v.pipe(v.string(), v.maxLength(max));
export const recordId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
export const regionCode = v.pipe(v.string(), v.regex(/^(CN|\d{6})$/));
export const idNumber = v.pipe(v.string(), v.regex(/^\d{17}[\dXx]$/, '身份证号应为18位'));
export const pin = text(12);

/** The counter's settings (设置). */
export const SettingsSchema = v.strictObject({
  officeName: text(100),
  counterNumber: text(20),
  clerkName: text(50),
  defaultRegion: v.union([v.literal(''), v.pipe(v.string(), v.regex(/^\d{6}$/))]),
  /** Saved cases untouched for this many days are purged; 0 keeps everything. */
  retentionDays: v.optional(v.number()),
  /**
   * The version of the stored settings these were read from (issue 22, finding 8): a save from an
   * older version is refused, so one administrator never overwrites another's change unseen.
   * Never stored; absent on a save: checked against what is stored when the save starts.
   */
  version: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
});
export type Settings = v.InferOutput<typeof SettingsSchema>;

/**
 * A dated edit of one policy value, as the 政策库 screen sends it: the library's one row
 * schema for edits (src/core/policy/row.ts) — a known key, an exact value, real dates in
 * order, a citation, a grade and a reason, each problem named in Chinese.
 */
export { PolicyEditSchema as PolicyValueEditSchema, type PolicyEdit as PolicyValueEdit } from '../core/policy/row.ts';
