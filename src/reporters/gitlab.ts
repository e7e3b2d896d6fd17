/**
 * GitLab Code Quality JSON (shown in merge requests, also on GitLab Free): one issue per finding,
 * with the finding's stable fingerprint, so GitLab tells new issues from old ones. Redacted
 * messages only, never key material.
 */
import type { Level } from '../rule.js';
import type { ScanResult } from '../scan.js';
import { reportedFindings, type ReportContext, type Reporter } from './types.js';

const SEVERITY: Record<Level, 'critical' | 'major' | 'info'> = { error: 'critical', warning: 'major', note: 'info' };

export const gitlabReporter: Reporter = {
  name: 'gitlab',
  format(result: ScanResult, context: ReportContext): string {
    const issues = reportedFindings(result, context)
      .filter((f) => !f.suppression)
      .map((f) => ({
        type: 'issue',
        check_name: f.ruleId,
        description: f.message,
        categories: ['Security'],
        severity: SEVERITY[f.level],
        fingerprint: f.fingerprint,
        location: { path: f.file, lines: { begin: f.region.start.line, end: f.region.end.line } },
      }));
    return `${JSON.stringify(issues, null, 2)}\n`;
  },
};
