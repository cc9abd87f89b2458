// The documentation holds together: every relative link in README, CONTRIBUTING, CHANGELOG and
// docs/*.md names a file that exists and, when it carries an anchor, a heading of that file
// (GitHub's heading slugs). README stays the newcomer's page: short, and no line a reader must
// scroll sideways for; the deep reference lives in docs/ (issue 23, item 3).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const documents = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Text outside fenced code blocks and inline code, where a `](…)` is not a link. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const match of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (match[1] ?? '')
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${String(count)}`);
  }
  return anchors;
}

function linksOf(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? '');
}

describe('documentation links', () => {
  it('finds the documents and their links (the checker itself)', () => {
    expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/rules.md', 'docs/hall.md']));
    expect(linksOf('see [a](b.md#c) and ![x](screens/y.png "t") but not `[d](e.md)`')).toEqual(['b.md#c', 'screens/y.png']);
    expect(anchorsOf('# Service hall: many counters (服务大厅模式)\n## 9. The library’s changelog (db/seed/changes)\n## A\n## A')).toEqual(
      new Set(['service-hall-many-counters-服务大厅模式', '9-the-librarys-changelog-dbseedchanges', 'a', 'a-1']),
    );
  });

  it.each(documents)('every relative link in %s resolves, anchors included', (document) => {
    const text = readFileSync(join(root, document), 'utf8');
    const broken: string[] = [];
    for (const link of linksOf(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: — not ours to check offline
      const [path = '', anchor] = link.split('#') as [string, string | undefined];
      const target = path === '' ? join(root, document) : resolve(dirname(join(root, document)), decodeURI(path));
      if (!existsSync(target)) {
        broken.push(`${link} (no file ${relative(root, target)})`);
        continue;
      }
      if (anchor !== undefined && target.endsWith('.md') && !anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor))) {
        broken.push(`${link} (no heading #${anchor} in ${relative(root, target)})`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('README is the newcomer’s page: under 2,500 words and no line over 400 characters', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const words = readme.split(/\s+/).filter(Boolean).length;
    expect(words).toBeLessThan(2500);
    const long = readme
      .split('\n')
      .map((line, i) => ({ line: i + 1, length: [...line].length }))
      .filter((l) => l.length > 400);
    expect(long).toEqual([]);
  });

  it('the coverage table lives in docs/policy-library.md, between the markers `npm run readme:coverage` rewrites', () => {
    const library = readFileSync(join(root, 'docs', 'policy-library.md'), 'utf8');
    const table = library.slice(library.indexOf('<!-- coverage:begin -->'), library.indexOf('<!-- coverage:end -->'));
    expect(table).toMatch(/\| 杭州市（330100） \|/);
    expect(table).toMatch(/合计：官方原文作答 \d+ \/ 288/);
  });
});
