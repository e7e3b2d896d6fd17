/**
 * What the HTML page shows, computed from the scan result: findings in a fixed order grouped by
 * file, and the summary counts (by level, by rule, by directory). Pure data, no markup.
 */
import path from 'node:path';
import type { Finding, Level } from '../../rule.js';
import { compareStrings } from '../../util/compare.js';

export const LEVELS: readonly Level[] = ['error', 'warning', 'note'];

export type LevelCounts = Record<Level, number>;

export interface CountRow {
  name: string;
  counts: LevelCounts;
  total: number;
}

export interface RuleRow extends CountRow {
  /** Findings that have this problem, reported under this rule or under a worse one. */
  withProblem: number;
}

export interface FileGroup {
  file: string;
  findings: Finding[];
}

/** Files in code-unit order; in a file, by position, then rule and fingerprint (byte-identical on every machine). */
export function groupByFile(findings: readonly Finding[]): FileGroup[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, list]) => ({ file, findings: list.sort(compareFindings) }));
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.region.start.line - b.region.start.line ||
    a.region.start.column - b.region.start.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.fingerprint, b.fingerprint)
  );
}

/** Every problem of the finding's key, the reported rule first. */
export function problemsOf(finding: Finding): readonly string[] {
  return finding.problems && finding.problems.length > 0 ? finding.problems : [finding.ruleId];
}

export function directoryOf(file: string): string {
  return path.posix.dirname(file);
}

function countRows(findings: readonly Finding[], keyOf: (f: Finding) => string): CountRow[] {
  const rows = new Map<string, CountRow>();
  for (const finding of findings) {
    const name = keyOf(finding);
    const row = rows.get(name) ?? { name, counts: { error: 0, warning: 0, note: 0 }, total: 0 };
    row.counts[finding.level] += 1;
    row.total += 1;
    rows.set(name, row);
  }
  return [...rows.values()].sort((a, b) => compareStrings(a.name, b.name));
}

export interface Summary {
  total: number;
  byLevel: LevelCounts;
  byRule: RuleRow[];
  byDirectory: CountRow[];
  inTestCode: number;
  /** `--history`: keys no longer at HEAD, still in the history. */
  removedFromHead: number;
  fromHistory: number;
}

/** Counts over unsuppressed findings, as the JSON summary counts them. */
export function summarize(findings: readonly Finding[]): Summary {
  const counted = findings.filter((f) => !f.suppression);
  const byLevel: LevelCounts = { error: 0, warning: 0, note: 0 };
  for (const f of counted) byLevel[f.level] += 1;
  const byRule: RuleRow[] = countRows(counted, (f) => f.ruleId).map((row) => ({ ...row, withProblem: 0 }));
  for (const f of counted) {
    for (const id of problemsOf(f)) {
      let row = byRule.find((r) => r.name === id);
      if (!row) {
        row = { name: id, counts: { error: 0, warning: 0, note: 0 }, total: 0, withProblem: 0 };
        byRule.push(row);
      }
      row.withProblem += 1;
    }
  }
  byRule.sort((a, b) => compareStrings(a.name, b.name));
  return {
    total: counted.length,
    byLevel,
    byRule,
    byDirectory: countRows(counted, (f) => directoryOf(f.file)),
    inTestCode: counted.filter((f) => f.inTestPath).length,
    removedFromHead: counted.filter((f) => f.history && !f.history.presentAtHead).length,
    fromHistory: counted.filter((f) => f.history).length,
  };
}
