/**
 * Baselines: the findings a team has accepted for now, by fingerprint (rule, path and masked code
 * shape; never the key), so CI fails only on new ones. Entries that no longer match are reported as
 * stale, so the file shrinks as keys are removed.
 */
import type { Finding } from './rule.js';
import { UsageError, type ScanResult } from './scan.js';
import { compareStrings } from './util/compare.js';

export const BASELINE_FILE = '.jwtscan-baseline.json';
const FORMAT_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
}

export interface BaselineOutcome {
  hidden: number;
  stale: BaselineEntry[];
}

export function createBaseline(findings: readonly Finding[]): string {
  const entries = findings
    .filter((f) => !f.suppression)
    .map((f): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.file }))
    .sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, tool: 'jwtscan', entries }, null, 2)}\n`;
}

export function parseBaseline(text: string, name: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`baseline ${name} is not valid JSON`);
  }
  const entries = (data as { formatVersion?: unknown; entries?: unknown }).entries;
  if ((data as { formatVersion?: unknown }).formatVersion !== FORMAT_VERSION || !Array.isArray(entries)) {
    throw new UsageError(`baseline ${name} is not a jwtscan baseline (formatVersion ${FORMAT_VERSION} with entries)`);
  }
  entries.forEach((entry: Partial<BaselineEntry>, i) => {
    if (typeof entry?.fingerprint !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.path !== 'string') {
      throw new UsageError(`baseline ${name}: entries[${i}] needs string fingerprint, ruleId and path`);
    }
  });
  return entries as BaselineEntry[];
}

/** The result without the baselined findings, and what the baseline hid and what no longer matches. */
export function applyBaseline(result: ScanResult, entries: readonly BaselineEntry[]): { result: ScanResult; outcome: BaselineOutcome } {
  const known = new Set(entries.map((e) => e.fingerprint));
  const present = new Set(result.findings.map((f) => f.fingerprint));
  const findings = result.findings.filter((f) => f.suppression || !known.has(f.fingerprint));
  return {
    result: { ...result, findings },
    outcome: { hidden: result.findings.length - findings.length, stale: entries.filter((e) => !present.has(e.fingerprint)) },
  };
}
