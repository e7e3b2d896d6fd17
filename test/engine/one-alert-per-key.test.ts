/**
 * One alert per leaked key, as users see it: text, JSON and SARIF show one finding for a weak inline
 * key, with both problems; suppressing it once (by the id the blocked commit names) covers it;
 * suppressing only a lesser problem keeps the key reported; config levels apply per problem.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitAdvice } from '../../src/git/commit-advice.js';
import { main } from '../../src/main.js';
import type { Finding } from '../../src/rule.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';
import { makeTree } from '../helpers/temp-tree.js';

const WEAK_INLINE = `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({ sub: 1 }, 'changeme');\n`;

async function run(cwd: string, ...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['scan', '.', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

describe('one alert per key', () => {
  it('text: one finding line for a weak inline key, naming both problems', async () => {
    const { code, stdout } = await run(makeTree({ 'src/a.js': WEAK_INLINE }));
    expect(code).toBe(1);
    const lines = stdout.split('\n').filter((l) => l.startsWith('src/a.js:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('error  jwt-inline-secret (also jwt-weak-secret)');
    expect(lines[0]).toContain('Also jwt-weak-secret:');
    expect(stdout).toContain('1 finding (1 error)');
    expect(stdout).not.toContain("'changeme'");
  });

  it('JSON: one finding with problems, ruleId the worst one', async () => {
    const json = JSON.parse((await run(makeTree({ 'src/a.js': WEAK_INLINE }), '--format', 'json')).stdout);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'jwt-inline-secret', problems: ['jwt-inline-secret', 'jwt-weak-secret'], level: 'error' });
    expect(json.summary.errors).toBe(1);
  });

  it('SARIF: one result with properties.problems, valid for the schema', async () => {
    const sarif = JSON.parse((await run(makeTree({ 'src/a.js': WEAK_INLINE }), '--format', 'sarif')).stdout);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(1);
    expect(results[0].ruleId).toBe('jwt-inline-secret');
    expect(results[0].properties.problems).toEqual(['jwt-inline-secret', 'jwt-weak-secret']);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('the id the blocked commit names unblocks it: one suppression covers every problem of the key', async () => {
    const root = makeTree({ 'src/a.js': WEAK_INLINE });
    const json = JSON.parse((await run(root, '--format', 'json')).stdout);
    const advice = commitAdvice(json.findings as Finding[]);
    const id = /jwtscan-ignore-next-line (\S+)/.exec(advice)![1]!;
    expect(id).toBe('jwt-inline-secret');
    fs.writeFileSync(path.join(root, 'src/a.js'), WEAK_INLINE.replace('exports.t', `// jwtscan-ignore-next-line ${id} -- local mock\nexports.t`));
    const after = await run(root);
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('1 suppressed');
    expect(after.stdout).not.toContain('unused-suppression');
  });

  it('suppressing only the lesser problem keeps the key reported for the others', async () => {
    const root = makeTree({ 'src/a.js': WEAK_INLINE.replace('exports.t', '// jwtscan-ignore-next-line jwt-weak-secret -- accepted: rotating next sprint\nexports.t') });
    const json = JSON.parse((await run(root, '--format', 'json')).stdout);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'jwt-inline-secret', problems: ['jwt-inline-secret'] });
    expect(json.findings[0].message).not.toContain('Also jwt-weak-secret');
  });

  it('config levels apply to their problem: with the inline rule at note, the weak problem is the worst and decides the level', async () => {
    const root = makeTree({ 'src/a.js': WEAK_INLINE, '.jwtscan.json': JSON.stringify({ rules: { 'jwt-inline-secret': 'note' } }) });
    const json = JSON.parse((await run(root, '--format', 'json')).stdout);
    expect(json.findings).toHaveLength(1);
    expect(json.findings[0]).toMatchObject({ ruleId: 'jwt-weak-secret', problems: ['jwt-weak-secret', 'jwt-inline-secret'], level: 'error' });
    const off = makeTree({ 'src/a.js': WEAK_INLINE, '.jwtscan.json': JSON.stringify({ rules: { 'jwt-weak-secret': 'off' } }) });
    const single = JSON.parse((await run(off, '--format', 'json')).stdout);
    expect(single.findings[0]).toMatchObject({ ruleId: 'jwt-inline-secret', problems: ['jwt-inline-secret'] });
  });

  it('a baseline entry covers the key with all its problems', async () => {
    const root = makeTree({ 'src/a.js': WEAK_INLINE });
    let stdout = '';
    await main(['baseline', '.'], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: root, env: {}, isTTY: false });
    expect(stdout).toContain('Baseline of 1 finding');
    const baseline = fs.readFileSync(path.join(root, '.jwtscan-baseline.json'), 'utf8');
    expect(baseline).not.toContain('changeme');
    const after = await run(root, '--baseline', '.jwtscan-baseline.json');
    expect(after.code).toBe(0);
    expect(after.stdout).toContain('1 hidden by the baseline');
  });
});
