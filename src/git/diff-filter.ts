/**
 * `--diff`: keeps the findings that a change is responsible for. A finding counts when its primary
 * region (the key literal) or one of its related regions (the JWT call the key reaches) overlaps a
 * changed line, so both a new key and a new call that uses an old key are reported. Diagnostics
 * are kept for changed files only. Pure: the changed lines come from `changed-lines.ts`.
 */
import type { Finding, Region, RelatedLocation } from '../rule.js';
import type { ScanResult } from '../scan.js';
import type { LineRange } from './changed-lines.js';

/** Base-relative path → changed line ranges of the scanned version. */
export type ChangedRanges = ReadonlyMap<string, readonly LineRange[]>;

/** A related location may name another file; without one it is in the finding's own file. */
type MaybeElsewhere = RelatedLocation & { file?: string };

export function onlyChangedLines(result: ScanResult, changed: ChangedRanges): ScanResult {
  return {
    ...result,
    findings: result.findings.filter((finding) => touchesChange(finding, changed)),
    diagnostics: result.diagnostics.filter((diagnostic) => changed.has(diagnostic.file)),
  };
}

export function touchesChange(finding: Finding, changed: ChangedRanges): boolean {
  if (overlaps(changed.get(finding.file), finding.region)) return true;
  return finding.related.some((related: MaybeElsewhere) => overlaps(changed.get(related.file ?? finding.file), related.region));
}

function overlaps(ranges: readonly LineRange[] | undefined, region: Region): boolean {
  return ranges?.some((range) => range.start <= region.end.line && region.start.line <= range.end) ?? false;
}
