/**
 * `jwtscan fix` over the single-file rule fixtures (test/fixtures/rules/<rule>/*.{js,ts,…}), each
 * copied alone into a temporary repository: many keys per file, most of them shapes or values fix
 * must leave. Whatever it fixes must be gone, the rest reported as before, the file must still
 * parse, and a second run must change nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';
import { SourceText } from '../../src/engine/source-text.js';
import { isSourceFile } from '../../src/files/walk.js';
import { RULE_FIXTURES } from '../helpers/scan-helpers.js';

const RULES = ['jwt-hardcoded-secret', 'jwt-inline-secret', 'jwt-weak-secret'];
const CASES = RULES.flatMap((rule) =>
  fs
    .readdirSync(path.join(RULE_FIXTURES, rule))
    .filter((name) => isSourceFile(name) && fs.statSync(path.join(RULE_FIXTURES, rule, name)).isFile())
    .map((name) => `${rule}/${name}`),
);

async function run(argv: string[], cwd: string) {
  let stdout = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: () => {}, cwd, env: {}, isTTY: false });
  return { code, stdout };
}

interface JsonFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

async function findings(cwd: string): Promise<JsonFinding[]> {
  return (JSON.parse((await run(['scan', '--format', 'json', '--no-cache', '--fail-on', 'none'], cwd)).stdout) as { findings: JsonFinding[] }).findings;
}

function keyText(source: string, f: JsonFinding): string {
  const text = new SourceText(source);
  return source.slice(text.lineStart(f.line)! + f.column - 1, text.lineStart(f.endLine)! + f.endColumn - 1);
}

let fixedTotal = 0;

describe('jwtscan fix over the rule fixtures', () => {
  beforeAll(loadBabel);

  it('finds fixtures', () => expect(CASES.length).toBeGreaterThan(30));

  it.for(CASES)('%s', async (fixture) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fix-rules-'));
    const file = path.join(root, 'src', path.basename(fixture));
    fs.mkdirSync(path.dirname(file));
    fs.copyFileSync(path.join(RULE_FIXTURES, fixture), file);
    const original = fs.readFileSync(file, 'utf8');
    const before = await findings(root);
    const first = await run(['fix', '--no-cache'], root);
    const fixedLines = [...first.stdout.matchAll(/^ {2}src\/[^:]+:(\d+) {2}/gm)].map((m) => Number(m[1]));
    const left = [...first.stdout.matchAll(/^ {2}src\/[^:]+:\d+ {2}jwt-/gm)].length;
    const fixed = fixedLines.length - left;
    fixedTotal += fixed;
    expect(fixed + left).toBe(before.length);
    const updated = fs.readFileSync(file, 'utf8');
    // Files that never parsed (syntax-error fixtures) are left whole; the others must still parse.
    expect(parseSource(updated, file).ok, 'still parses').toBe(parseSource(original, file).ok);
    if (fixed === 0) {
      expect(updated).toBe(original);
      return;
    }
    // The keys on fixed lines are gone (the whole literal; short weak keys may still be written elsewhere as names).
    const fixedKeys = before.filter((f) => fixedLines.slice(0, fixed).includes(f.line)).map((f) => keyText(original, f));
    for (const key of fixedKeys) expect(updated.includes(key), key.slice(0, 3)).toBe(false);
    expect((await findings(root)).length).toBe(left);
    const second = await run(['fix', '--no-cache'], root);
    expect(fs.readFileSync(file, 'utf8')).toBe(updated);
    expect(second.stdout).not.toMatch(/^Fixed/m);
  });

  it('fixes some of them (the test is not vacuous)', () => expect(fixedTotal).toBeGreaterThan(5));
});
