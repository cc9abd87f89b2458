// Print styles of the sheet (A4 portrait, the bundled font). `{{FONT_BASE}}` is replaced
// when the sheet is shown or printed, so the stored HTML does not depend on where fonts live.
export const SHEET_CSS = `
/* Print styles of the sheet: A4 portrait, the bundled font, black on white. */
@page { size: A4 portrait; margin: 11mm 13mm 11mm 13mm; }
@font-face {
  font-family: 'YibaoSheet';
  src: url('{{FONT_BASE}}DroidSansFallbackFull.ttf') format('truetype');
  font-display: block;
}
:root {
  --employee: #2f6fc4; --flexible: #1b9a8a; --resident: #6aa84f; --arrears: #e06b1f; --uncovered: #e3e7ed;
  --bad: #c62828; --accent: #0b5cad; --muted: #555;
}
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; }
body { font-family: 'YibaoSheet', sans-serif; font-size: 9.4pt; line-height: 1.4; color: #111; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.sheet { width: 184mm; margin: 0 auto; }
header { position: relative; text-align: center; border-bottom: 1.5pt solid #111; padding-bottom: 1.5mm; margin-bottom: 2mm; }
header .office { text-align: left; font-size: 10pt; }
header .number { position: absolute; right: 0; top: 0; font-size: 9pt; text-align: right; display: flex; gap: 1.6mm; align-items: flex-start; }
header .number .ids span { display: block; }
/* The 核验码 and its QR code sit beside the title, where the header has room: the page gets no taller. */
header .number .code { font-size: 7.4pt; color: var(--muted); font-variant-numeric: tabular-nums; margin-top: 0.6mm; }
header .number .qr { width: 15mm; height: 15mm; flex: none; }
header h1 { font-size: 16pt; letter-spacing: 2pt; margin: 0.6mm 0 0.3mm; font-weight: bold; }
header .meta { font-size: 8.6pt; color: var(--muted); display: flex; gap: 6mm; justify-content: center; }
h2 { font-size: 10.5pt; margin: 1.6mm 0 0.8mm; font-weight: bold; }
p { margin: 0.6mm 0; }
table { border-collapse: collapse; width: 100%; }
.kv th, .kv td { border: 0.5pt solid #999; padding: 0.6mm 1.6mm; text-align: left; font-size: 8.8pt; }
.kv { table-layout: fixed; }
.kv col.k1 { width: 17mm; } .kv col.v1 { width: 37mm; } .kv col.k2 { width: 22mm; } .kv col.v2 { width: 37mm; } .kv col.k3 { width: 13mm; }
.kv th { background: #f2f2f2; font-weight: normal; color: #333; white-space: nowrap; }
.box { border: 1pt solid #111; padding: 1.4mm 2.6mm; }
/* A label, then its text after a gap: a longer label widens its box, never runs into the text. */
.item .label { display: inline-block; min-width: 28mm; margin-right: 2mm; text-indent: 0; font-weight: bold; white-space: nowrap; }
.box p.emphasis { font-size: 10.4pt; }
.money { margin-top: 1.5mm; }
.money th, .money td { border: 0.5pt solid #999; padding: 0.5mm 1.4mm; font-size: 8.6pt; }
.money th { background: #f2f2f2; font-weight: normal; }
.money tfoot td { font-weight: bold; }
.unconfirmed { display: block; font-weight: normal; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.timeline svg { overflow: visible; }
.timeline svg text { font-size: 7px; fill: #555; }
/* The legend stands beside the timeline (a column of keys), not below it: the page stays one A4 sheet. */
section.timeline { display: flex; flex-wrap: wrap; align-items: flex-start; column-gap: 5mm; }
section.timeline h2 { flex-basis: 100%; }
section.timeline .legend { display: grid; grid-template-columns: auto auto; gap: 0.6mm 4mm; font-size: 7.5pt; color: #444; margin: 3mm 0 0; }
.timeline .legend i { display: inline-block; width: 2.6mm; height: 2.6mm; margin-right: 0.8mm; vertical-align: -0.3mm; }
.timeline .legend i.gap { border: 1.2pt solid var(--bad); }
.timeline .legend i.pay { border: 1.2pt solid var(--accent); }
.basis ol { margin: 0.5mm 0 1mm; padding-left: 5mm; font-size: 8pt; line-height: 1.22; }
.basis .grade { color: var(--muted); }
.notices { font-size: 8.2pt; color: #333; margin: 0.4mm 0; line-height: 1.35; }
.notice { margin-right: 2mm; }
footer { margin-top: 1mm; border-top: 0.8pt solid #111; padding-top: 1.2mm; }
.sign { display: flex; justify-content: space-between; font-size: 9.4pt; }
.sign i { display: inline-block; width: 34mm; border-bottom: 0.6pt solid #111; height: 4mm; vertical-align: bottom; }
.sign i.short { width: 26mm; }
.disclaimer { font-size: 7.8pt; color: var(--muted); margin-top: 0.8mm; }
section { break-inside: avoid-page; }
.money tr { break-inside: avoid; }
`;
