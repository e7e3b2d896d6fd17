import type { Finding, RuleMeta } from '../rule.js';
import type { ScanResult } from '../scan.js';
import type { RunIdentity } from '../shard/run-identity.js';

export interface ReportContext {
  /** Metadata of every enabled rule, sorted by id. */
  rules: readonly RuleMeta[];
  toolVersion: string;
  informationUri: string;
  /** ANSI colour (text reporter only). */
  color: boolean;
  /** Omit diagnostics and the summary (text reporter only). */
  quiet: boolean;
  /** Also report findings covered by `jwtscan-ignore` comments (SARIF: with `suppressions`). */
  includeSuppressed: boolean;
  /** SARIF: `runs[].automationDetails.id` is `<category>/` (a GitHub code-scanning category). */
  category?: string;
  /** `scan --shard` and `merge`: the run's identity, for merging (JSON `run`, SARIF run properties). */
  run?: RunIdentity;
  /** SARIF: the `fixes` entry of a result, from the fix planner (src/remediation/fix/sarif-fixes.ts); none without it. */
  fixFor?: (finding: Finding) => unknown;
}

/** The findings a report shows: suppressed ones only on request. */
export function reportedFindings(result: ScanResult, context: ReportContext): ScanResult['findings'] {
  return context.includeSuppressed ? result.findings : result.findings.filter((f) => !f.suppression);
}

export function suppressedCount(result: ScanResult): number {
  return result.findings.filter((f) => f.suppression).length;
}

/** A pure function of the scan result: the CLI writes the string where it belongs. */
export interface Reporter {
  name: string;
  format(result: ScanResult, context: ReportContext): string;
}
