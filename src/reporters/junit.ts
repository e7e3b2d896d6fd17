/**
 * JUnit XML for CI test tabs (GitLab, Jenkins, Azure Pipelines): one test case per finding, failed
 * at error and warning level, skipped at note level; one passing case when there is nothing. Only
 * what the other reports show: redacted messages and masked lines, never key material.
 */
import type { Finding } from '../rule.js';
import type { ScanResult } from '../scan.js';
import { reportedFindings, type ReportContext, type Reporter } from './types.js';

export const junitReporter: Reporter = {
  name: 'junit',
  format(result: ScanResult, context: ReportContext): string {
    const findings = reportedFindings(result, context).filter((f) => !f.suppression);
    const failures = findings.filter((f) => f.level !== 'note').length;
    const skipped = findings.length - failures;
    const cases = findings.length > 0 ? findings.map(testCase) : [`    <testcase classname="jwtscan" name="no JWT key findings (${result.stats.filesListed} files scanned)"/>`];
    const tests = Math.max(findings.length, 1);
    const time = (result.stats.durationMs / 1000).toFixed(3);
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<testsuites name="jwtscan" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
      `  <testsuite name="jwtscan ${xml(context.toolVersion)}" tests="${tests}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
      ...cases,
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  },
};

function testCase(f: Finding): string {
  const where = `${f.file}:${f.region.start.line}:${f.region.start.column}`;
  const open = `    <testcase classname="${xml(f.file)}" name="${xml(`${f.ruleId} at ${where}`)}" file="${xml(f.file)}" line="${f.region.start.line}">`;
  const body = `${f.message}\n${String(f.region.start.line).padStart(6)} | ${f.maskedLine}`;
  const outcome =
    f.level === 'note'
      ? `      <skipped message="${xml(`note: ${f.message}`)}"/>`
      : `      <failure type="${xml(f.ruleId)}" message="${xml(`${f.level}: ${f.message}`)}">${xml(body)}</failure>`;
  return [open, outcome, '    </testcase>'].join('\n');
}

/** Text as XML character data or an attribute value; characters XML 1.0 cannot hold become U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}
