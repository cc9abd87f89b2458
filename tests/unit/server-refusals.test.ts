// Refusals of the two HTTP servers are worded once, in src/server/refusals.ts (issue 23 item 5):
// a server file that writes its own Chinese text or builds its own failure, or a refusal worded
// twice (in the table or anywhere else in src/), fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REFUSALS } from '../../src/server/refusals.ts';

const root = join(import.meta.dirname, '..', '..');
const serverDir = join(root, 'src', 'server');
const TABLE = 'src/server/refusals.ts';
/** The entry point of browser mode prints its own start-up lines to the console; they answer no request. */
const ENTRY = 'src/server/main.ts';
const CHINESE = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

const rel = (path: string) => relative(root, path).split('\\').join('/');

/** Every string and template piece of a TypeScript file, with its line. */
function literalsOf(file: string): Array<{ text: string; line: number }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Array<{ text: string; line: number }> = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      found.push({ text: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Calls of `fail(…)` (a failure built by hand) in a TypeScript file, by line. */
function failCallsOf(file: string): number[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'fail')
      lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

/** The table's words: fixed texts as they are, worded ones with a stand-in detail. */
const tableWords = Object.entries(REFUSALS).map(([name, { message }]) => ({
  name,
  text: typeof message === 'string' ? message : message('\u0000'),
}));

describe('the HTTP refusals are worded once (src/server/refusals.ts)', () => {
  const serverFiles = filesUnder(serverDir).filter((f) => rel(f) !== TABLE && rel(f) !== ENTRY);

  it('no server file writes Chinese words of its own', () => {
    const own = serverFiles.flatMap((file) =>
      literalsOf(file)
        .filter((l) => CHINESE.test(l.text))
        .map((l) => `${rel(file)}:${l.line} ${l.text}`),
    );
    expect(own).toEqual([]);
  });

  it('no server file builds a failure by hand (fail(…)): it names a refusal, or the services answer', () => {
    const built = serverFiles.flatMap((file) => failCallsOf(file).map((line) => `${rel(file)}:${line}`));
    expect(built).toEqual([]);
  });

  it('no two refusals say the same', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const { name, text } of tableWords) {
      const before = seen.get(text);
      if (before) twice.push(`${before} = ${name}`);
      seen.set(text, name);
    }
    expect(twice).toEqual([]);
  });

  it('no refusal is worded again anywhere else in src/ (a copy would drift)', () => {
    const fixed = tableWords.filter(({ text }) => !text.includes('\u0000'));
    // The worded ones by their fixed part (e.g. "未知的接口 "): only their one wording function may hold it.
    const parts = tableWords
      .filter(({ text }) => text.includes('\u0000'))
      .flatMap(({ name, text }) =>
        text
          .split('\u0000')
          .filter((p) => CHINESE.test(p))
          .map((p) => ({ name, text: p })),
      );
    const copies: string[] = [];
    for (const file of filesUnder(join(root, 'src')).filter((f) => rel(f) !== TABLE)) {
      const body = readFileSync(file, 'utf8');
      for (const { name, text } of fixed) if (body.includes(text)) copies.push(`${rel(file)}: ${name}`);
      for (const { name, text } of parts) {
        const count = body.split(text).length - 1;
        // The dispatcher words an unknown method once (unknownMethodMessage), for IPC and HTTP alike.
        const allowed = rel(file) === 'src/api/dispatch.ts' ? 1 : 0;
        if (count > allowed) copies.push(`${rel(file)}: ${name} ×${count}`);
      }
    }
    expect(copies).toEqual([]);
  });
});
