// The stored ("canonical") sheet HTML keeps a {{FONT_BASE}} placeholder for the font's URL,
// filled in where the sheet is shown or printed. Only the document's head is filled in: user
// text in the body (a client called "{{FONT_BASE}}") is printed exactly as typed, never
// replaced with a path of the machine (issue 12). No imports: the window uses it too.

export const FONT_BASE_PLACEHOLDER = '{{FONT_BASE}}';

/** The HTML with its font URL filled in (file:///…/fonts/, app://yibao/fonts/, /fonts/), in the head only. */
export function withFontBase(html: string, fontBase: string): string {
  const end = html.indexOf('</head>');
  if (end < 0) return html;
  return html.slice(0, end).split(FONT_BASE_PLACEHOLDER).join(fontBase) + html.slice(end);
}
