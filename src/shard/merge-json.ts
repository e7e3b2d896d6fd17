/**
 * Merges JSON reports of shards: findings and diagnostics in the order an unsharded scan writes them
 * (findings by path, line, column, rule, message id; diagnostics by path, line, kind; the sort is
 * stable and each file's items come from one shard, so ties keep that shard's order), diagnostics
 * about the whole scan once, and the summary added up.
 */
import { compareStrings } from '../util/compare.js';
import type { RunIdentity } from './run-identity.js';

type Doc = Record<string, any>;

export function mergeJsonReports(documents: readonly Doc[], identity: RunIdentity | undefined): string {
  const findings = documents.flatMap((d) => d.findings as Doc[]).sort(compareFindings);
  const diagnostics = unique(documents.flatMap((d) => d.diagnostics as Doc[])).sort(compareDiagnostics);
  const first = documents[0]!;
  const sum = (key: string) => documents.reduce((total, d) => total + Number(d.summary?.[key] ?? 0), 0);
  const baselines = documents.map((d) => d.summary?.baseline).filter((b): b is Doc => b !== undefined);
  const report = {
    formatVersion: first.formatVersion,
    tool: first.tool,
    ...(identity ? { run: identity } : {}),
    findings,
    diagnostics,
    summary: {
      findings: sum('findings'),
      suppressed: sum('suppressed'),
      ...(baselines.length > 0
        ? {
            baseline: {
              hidden: baselines.reduce((t, b) => t + Number(b.hidden), 0),
              stale: baselines.flatMap((b) => b.stale as Doc[]).sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.fingerprint, b.fingerprint)),
              swapped: baselines.flatMap((b) => b.swapped as Doc[]).sort((a, b) => compareStrings(a.path, b.path) || a.line - b.line),
            },
          }
        : {}),
      errors: sum('errors'),
      warnings: sum('warnings'),
      notes: sum('notes'),
      diagnostics: diagnostics.length,
      // Every shard lists every file (the listings were checked equal); each parses its own.
      filesScanned: Number(first.summary?.filesScanned ?? 0),
      filesParsed: sum('filesParsed'),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function compareFindings(a: Doc, b: Doc): number {
  return compareStrings(a.path, b.path) || a.line - b.line || a.column - b.column || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.messageId, b.messageId);
}

function compareDiagnostics(a: Doc, b: Doc): number {
  return compareStrings(a.path, b.path) || (a.line ?? 0) - (b.line ?? 0) || compareStrings(a.kind, b.kind);
}

/** Items equal in every field once (each shard reports the diagnostics about the whole scan). */
export function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
