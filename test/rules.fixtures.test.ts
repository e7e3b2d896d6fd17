/**
 * The one generic rule test: every fixture under test/fixtures/rules/<rule-id>/ is scanned through
 * the real path (walker, prefilter, parser or text fallback, all rules, the cross-file step) and its
 * findings are compared with its annotations (see helpers/annotations.ts). A file is scanned on its
 * own; a directory is one multi-file case, scanned as a whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import type { Finding } from '../src/rule.js';
import { annotationsFor } from './helpers/annotations.js';
import { filesOf, fixtureCases } from './helpers/fixture-cases.js';
import { ROOT, RULE_FIXTURES, scanPaths } from './helpers/scan-helpers.js';

const ruleIds = new Set(RULES.map((r) => r.id));
const cases = fixtureCases();
let annotationsChecked = 0;

function problemsIn(file: string, findings: Finding[]): { problems: string[]; checked: number } {
  const annotations = annotationsFor(file);
  const levels = annotations.filter((a) => a.kind === 'level');
  const ruleAnnotations = annotations.filter((a) => a.kind !== 'level' && a.kind !== 'related');
  const problems = ruleAnnotations.filter((a) => !ruleIds.has(a.ruleId)).map((a) => `line ${a.line}: unknown rule id "${a.ruleId}"`);
  problems.push(...levels.filter((a) => !['error', 'warning', 'note'].includes(a.ruleId)).map((a) => `line ${a.line}: unknown level "${a.ruleId}"`));
  // One finding per key literal: each of its problems counts as that rule's finding on the line.
  const problemsOf = (f: Finding) => f.problems ?? [f.ruleId];
  const actual = new Set(findings.flatMap((f) => problemsOf(f).map((id) => `${f.region.start.line}:${id}`)));
  const expected = new Set(ruleAnnotations.filter((a) => a.kind === 'ruleid' || a.kind === 'todook').map((a) => `${a.line}:${a.ruleId}`));
  for (const a of ruleAnnotations) {
    const found = actual.has(`${a.line}:${a.ruleId}`);
    if (a.kind === 'ruleid' && !found) problems.push(`line ${a.line}: expected ${a.ruleId}, not reported`);
    if (a.kind === 'ruleid' && found && a.messageId) {
      const ids = findings.filter((f) => f.region.start.line === a.line && problemsOf(f).includes(a.ruleId)).map((f) => f.problemMessageIds?.[a.ruleId] ?? f.messageId);
      if (!ids.includes(a.messageId)) problems.push(`line ${a.line}: expected ${a.ruleId}[${a.messageId}], reported as ${ids.join(', ')}`);
    }
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
  // The level users see is pinned: every line with findings says which level(s) they are reported at.
  const linesWithFindings = new Set(findings.map((f) => f.region.start.line));
  for (const line of linesWithFindings) {
    const actualLevels = [...new Set(findings.filter((f) => f.region.start.line === line).map((f) => f.level))].sort();
    const pinned = [...new Set(levels.filter((a) => a.line === line).map((a) => a.ruleId))].sort();
    if (pinned.length === 0) problems.push(`line ${line}: findings at ${actualLevels.join(', ')} but no "level:" annotation pins it`);
    else if (pinned.join() !== actualLevels.join()) problems.push(`line ${line}: expected level ${pinned.join(', ')}, reported at ${actualLevels.join(', ')}`);
  }
  for (const a of levels) if (!linesWithFindings.has(a.line)) problems.push(`line ${a.line}: "level: ${a.ruleId}" on a line without findings`);
  return { problems, checked: annotations.length };
}

/** `related: a` lines: some finding of rule a, in any file of the case, has a related location there. */
function relatedProblemsIn(file: string, relative: string, findings: Finding[]): string[] {
  return annotationsFor(file)
    .filter((a) => a.kind === 'related')
    .filter((a) => !findings.some((f) => f.ruleId === a.ruleId && f.related.some((r) => (r.file ?? f.file) === relative && r.region.start.line === a.line)))
    .map((a) => `line ${a.line}: expected a related location of a ${a.ruleId} finding`);
}

describe.for(cases)('%s', (entry) => {
  it('reports exactly the annotated findings', async () => {
    const absolute = path.join(RULE_FIXTURES, entry);
    const result = await scanPaths([absolute]);
    expect(result.diagnostics.filter((d) => d.kind === 'rule-crash')).toEqual([]);
    let checked = 0;
    const problems: string[] = [];
    for (const file of filesOf(absolute)) {
      const relative = path.relative(ROOT, file).split(path.sep).join('/');
      // Suppressed findings are not reported by default, so they count as absent here too.
      const outcome = problemsIn(file, result.findings.filter((f) => f.file === relative && !f.suppression));
      problems.push(...outcome.problems.map((p) => `${path.relative(absolute, file) || path.basename(file)} ${p}`));
      problems.push(...relatedProblemsIn(file, relative, result.findings).map((p) => `${path.relative(absolute, file) || path.basename(file)} ${p}`));
      checked += outcome.checked;
    }
    expect(checked, 'a fixture without annotations checks nothing').toBeGreaterThan(0);
    expect(problems).toEqual([]);
    annotationsChecked += checked;
  });
});

/**
 * Annotations hold rule ids (the word "jwt"), so every annotated file passes the keyword check,
 * where the same code without them might not. Each case is scanned again with its annotations and
 * header comments blanked (same lengths: positions stay), and must give the same findings.
 */
const ANNOTATION_TEXT = /\/\/\s*(?:(?:todo)?(?:ruleid|ok)|idiom|library)\s*:[^\n]*|\/\*\s*(?:todo)?(?:ruleid|ok)\s*:[^*]*\*\/|(?<=^|\s)#\s*(?:todo)?(?:ruleid|ok)\s*:[^\n]*/g;

function blankedCopy(absolute: string): string {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-blank-')), path.basename(absolute));
  fs.cpSync(absolute, out, { recursive: true });
  const files = fs.statSync(out).isDirectory() ? fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : [out];
  for (const file of files) fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(ANNOTATION_TEXT, (m) => ' '.repeat(m.length)));
  return out;
}

/** Findings by place relative to the case, rule, message and level; `cwd`: what finding paths are relative to. */
const shape = (base: string, findings: readonly Finding[], cwd: string) =>
  findings.map((f) => `${path.relative(base, path.join(cwd, f.file))}:${f.region.start.line}:${f.region.start.column} ${f.ruleId}[${f.messageId}] ${f.level}`).sort();

describe.for(cases)('%s without its annotations', (entry) => {
  it('reports the same findings', async () => {
    const absolute = path.join(RULE_FIXTURES, entry);
    const blank = blankedCopy(absolute);
    try {
      const [annotated, plain] = await Promise.all([scanPaths([absolute]), scanPaths([blank], { cwd: path.dirname(blank) })]);
      expect(shape(blank, plain.findings, path.dirname(blank))).toEqual(shape(absolute, annotated.findings, ROOT));
    } finally {
      fs.rmSync(path.dirname(blank), { recursive: true, force: true });
    }
  });
});

afterAll(() => {
  // A suite that checked nothing cannot fail; that is a defect, not a pass.
  if (cases.length === 0 || annotationsChecked === 0) throw new Error('no rule fixtures or annotations were checked');
});
