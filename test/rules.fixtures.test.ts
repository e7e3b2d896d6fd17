/**
 * The one generic rule test: every fixture under test/fixtures/rules/ is scanned through the real
 * path (walker, prefilter, parser or text fallback, all rules) and its findings are compared with
 * its annotations (see helpers/annotations.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { parseAnnotations } from './helpers/annotations.js';
import { RULE_FIXTURES, scanPaths } from './helpers/scan-helpers.js';

const ruleIds = new Set(RULES.map((r) => r.id));
const fixtureFiles = fs
  .readdirSync(RULE_FIXTURES, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(c|m)?(j|t)sx?$/.test(f))
  .sort();
let annotationsChecked = 0;

describe.for(fixtureFiles)('%s', (relative) => {
  it('reports exactly the annotated findings', async () => {
    const absolute = path.join(RULE_FIXTURES, relative);
    const annotations = parseAnnotations(fs.readFileSync(absolute, 'utf8'));
    expect(annotations.length, 'a fixture without annotations checks nothing').toBeGreaterThan(0);
    for (const a of annotations) expect(ruleIds.has(a.ruleId), `unknown rule id "${a.ruleId}" at line ${a.line}`).toBe(true);

    const result = await scanPaths([absolute]);
    const crashes = result.diagnostics.filter((d) => d.kind === 'rule-crash');
    expect(crashes).toEqual([]);
    const actual = new Set(result.findings.map((f) => `${f.region.start.line}:${f.ruleId}`));
    const has = (line: number, ruleId: string) => actual.has(`${line}:${ruleId}`);
    const expected = new Set(annotations.filter((a) => a.kind === 'ruleid' || a.kind === 'todook').map((a) => `${a.line}:${a.ruleId}`));

    const problems: string[] = [];
    for (const a of annotations) {
      const found = has(a.line, a.ruleId);
      if (a.kind === 'ruleid' && !found) problems.push(`line ${a.line}: expected ${a.ruleId}, not reported`);
      if (a.kind === 'ok' && found) problems.push(`line ${a.line}: ${a.ruleId} reported on a line marked ok`);
      if (a.kind === 'todoruleid' && found) problems.push(`line ${a.line}: ${a.ruleId} now reported: promote todoruleid to ruleid`);
      if (a.kind === 'todook' && !found) problems.push(`line ${a.line}: ${a.ruleId} no longer reported: promote todook to ok`);
    }
    for (const key of actual) {
      if (!expected.has(key)) {
        const [line, ruleId] = key.split(':');
        problems.push(`line ${line}: unexpected ${ruleId}; annotate it with "// ruleid: ${ruleId}" or fix the rule`);
      }
    }
    expect(problems).toEqual([]);
    annotationsChecked += annotations.length;
  });
});

afterAll(() => {
  // A suite that checked nothing cannot fail; that is a defect, not a pass.
  if (fixtureFiles.length === 0 || annotationsChecked === 0) throw new Error('no rule fixtures or annotations were checked');
});
