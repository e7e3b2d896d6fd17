/**
 * Every rule: metadata complete and well-formed, registered in sorted order, fixtures with true
 * positives and near-misses that the prefilter cannot hide, help examples that behave as labelled,
 * and a README generated from the metadata.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { JWT_CATALOGUE, JWT_SINK_KEYWORDS } from '../rules/data/jwt-sinks.js';
import { replaceRulesSection } from '../src/docs/rules-markdown.js';
import { scanFile } from '../src/engine/scan-file.js';
import { rulesForFile } from '../src/engine/prefilter.js';
import { configKindOf } from '../src/config-files/kind.js';
import { annotationsFor, type Annotation } from './helpers/annotations.js';
import { SOURCE } from './helpers/fixture-cases.js';
import { ROOT, RULE_FIXTURES, scanPaths } from './helpers/scan-helpers.js';
import { makeTree } from './helpers/temp-tree.js';

function fixturesOf(ruleId: string): { file: string; text: string; annotations: Annotation[] }[] {
  const files = fs.readdirSync(RULE_FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => SOURCE.test(path.basename(f)));
  return files.map((f) => {
    const file = path.join(RULE_FIXTURES, f);
    return { file: f, text: fs.readFileSync(file, 'utf8'), annotations: annotationsFor(file) };
  });
}

/** `js`/`ts` examples are scanned as code, `sh` examples as a `.env` file. */
function helpExamples(help: string, label: 'Incorrect' | 'Correct'): { file: string; code: string }[] {
  const pattern = new RegExp(`${label}:\\n\`\`\`(js|ts|sh)\\n([\\s\\S]*?)\`\`\``, 'g');
  return [...help.matchAll(pattern)].map((m) => ({ file: m[1] === 'sh' ? '.env' : 'example.js', code: m[2]! }));
}

it('registers every rule file exactly once, sorted by id', () => {
  const files = fs
    .readdirSync(path.join(ROOT, 'rules'))
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  expect(RULES.map((r) => r.id)).toEqual(files);
});

describe.for(RULES.map((r) => [r.id, r] as const))('%s', ([, rule]) => {
  it('has complete, well-formed metadata', () => {
    expect(rule.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    expect(rule.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
    expect(rule.shortDescription).toMatch(/^[A-Z][^.]*[^.\s]$/);
    expect(rule.fullDescription).toMatch(/^[A-Z].*\.$/s);
    expect(rule.fullDescription.length).toBeLessThanOrEqual(1024);
    for (const section of ['## Why it matters', '## How to fix', '## When it is not a problem', '## References']) expect(rule.help).toContain(section);
    expect(rule.tags).toContain('security');
    expect(rule.tags.some((t) => /^external\/cwe\/cwe-\d+$/.test(t))).toBe(true);
    expect(rule.tags.length).toBeLessThanOrEqual(10);
    expect(rule.securitySeverity).toBeGreaterThan(0);
    expect(rule.securitySeverity).toBeLessThanOrEqual(10);
    expect(rule.securitySeverity).not.toBe(9);
    expect(rule.keywords.length + (rule.keywordPatterns?.length ?? 0)).toBeGreaterThan(0);
    for (const [id, message] of Object.entries(rule.messages)) {
      expect(id).toMatch(/^[a-z][A-Za-z]+$/);
      expect(message, id).toMatch(/^[A-Z].*\.$/);
    }
  });

  it('has ruleid and ok fixtures, and every true positive passes its prefilter', () => {
    let positives = 0;
    let negatives = 0;
    for (const { file, text, annotations: all } of fixturesOf(rule.id)) {
      const annotations = all.filter((a) => a.ruleId === rule.id);
      const hasPositive = annotations.some((a) => a.kind === 'ruleid');
      positives += annotations.filter((a) => a.kind === 'ruleid').length;
      negatives += annotations.filter((a) => a.kind === 'ok').length;
      // A code rule's finding in a JSON file comes through the code that imports it, not the file's own prefilter.
      if (hasPositive && (rule.scanConfig || !configKindOf(file))) expect(rulesForFile(file, text, [rule]).length, file).toBe(1);
    }
    expect(positives).toBeGreaterThan(0);
    expect(negatives).toBeGreaterThan(0);
  });

  it('help examples behave as labelled', async () => {
    const incorrect = helpExamples(rule.help, 'Incorrect');
    const correct = helpExamples(rule.help, 'Correct');
    expect(incorrect.length).toBeGreaterThan(0);
    expect(correct.length).toBeGreaterThan(0);
    // A rule whose findings come from the step over all findings needs the whole scan, not one file's.
    const findingsOf = async (file: string, code: string) => {
      if (!rule.afterFindings) return scanFile(file, code, RULES).findings;
      const root = makeTree({ [file]: code });
      return (await scanPaths([root], { cwd: root })).findings;
    };
    for (const { file, code } of incorrect) expect((await findingsOf(file, code)).map((f) => f.ruleId), code).toContain(rule.id);
    for (const { file, code } of correct) expect(await findingsOf(file, code), code).toEqual([]);
  });
});

it('every catalogued JWT module passes the sink rules prefilter', () => {
  // Mixins (PassportStrategy) only matter next to a sink module, which the file then names.
  // A sink's module name, export path, required literal argument (the 'jwt' scheme of hapi) or the
  // option name the key is written at (Medusa's `jwtSecret`) must hold a keyword.
  for (const sink of JWT_CATALOGUE.sinks) {
    const options = sink.keys.every((k) => k.property?.some((p) => /jwt/i.test(p))) ? sink.keys.flatMap((k) => k.property ?? []) : [];
    // (a member sink's callee as the source spells it: `subtle.sign`)
    const words = [sink.module, ...sink.export, ...(sink.callee ?? []), sink.callee?.join('.') ?? '', sink.when?.equals ?? '', ...options].join(' ').toLowerCase();
    expect(JWT_SINK_KEYWORDS.some((k) => words.includes(k)), words).toBe(true);
  }
});

it('the README rules section is generated from the metadata (run `npm run docs`)', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(replaceRulesSection(readme, RULES)).toBe(readme);
});
