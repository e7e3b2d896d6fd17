import type { Region } from '../rule.js';
import type { ScanResult } from '../scan.js';
import { reportedFindings, suppressedCount, type ReportContext, type Reporter } from './types.js';

/** Bumped on any incompatible change to the JSON shape documented in the README. */
export const JSON_FORMAT_VERSION = 1;

function flat(region: Region) {
  return { line: region.start.line, column: region.start.column, endLine: region.end.line, endColumn: region.end.column };
}

export const jsonReporter: Reporter = {
  name: 'json',
  format(result: ScanResult, context: ReportContext): string {
    const findings = reportedFindings(result, context);
    const count = (level: string) => findings.filter((f) => f.level === level && !f.suppression).length;
    const report = {
      formatVersion: JSON_FORMAT_VERSION,
      tool: { name: 'jwtscan', version: context.toolVersion },
      ...(context.run ? { run: context.run } : {}),
      findings: findings.map((f) => ({
        ruleId: f.ruleId,
        problems: f.problems ?? [f.ruleId],
        messageId: f.messageId,
        level: f.level,
        message: f.message,
        path: f.file,
        ...flat(f.region),
        related: f.related.map((r) => ({ label: r.label, path: r.file ?? f.file, ...flat(r.region), ...(r.role ? { role: r.role } : {}) })),
        ...(f.flow ? { flow: f.flow.map((s) => ({ label: s.label, path: s.file, ...flat(s.region) })) } : {}),
        redacted: f.redacted,
        fingerprint: f.fingerprint,
        fromFallback: f.fromFallback,
        ...(f.suppression ? { suppression: f.suppression } : {}),
        ...(f.history ? { history: f.history } : {}),
        ...(f.inTestPath ? { inTestPath: true, ...(f.testEvidence ? { testEvidence: f.testEvidence } : {}) } : {}),
        ...(f.historyShard ? { shard: f.historyShard } : {}),
      })),
      diagnostics: result.diagnostics.map((d) => ({
        kind: d.kind,
        level: d.level,
        path: d.file,
        ...(d.line !== undefined ? { line: d.line } : {}),
        ...(d.ruleId !== undefined ? { ruleId: d.ruleId } : {}),
        message: d.message,
        ...(d.historyShard ? { shard: d.historyShard } : {}),
      })),
      summary: {
        findings: findings.filter((f) => !f.suppression).length,
        suppressed: suppressedCount(result),
        ...(result.baseline ? { baseline: { hidden: result.baseline.hidden, stale: result.baseline.stale, swapped: result.baseline.swapped } } : {}),
        errors: count('error'),
        warnings: count('warning'),
        notes: count('note'),
        diagnostics: result.diagnostics.length,
        filesScanned: result.stats.filesListed,
        filesParsed: result.stats.filesParsed,
      },
    };
    return `${JSON.stringify(report, null, 2)}\n`;
  },
};
