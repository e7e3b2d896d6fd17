import { describe, expect, it } from 'vitest';
import { onlyChangedLines, touchesChange, type ChangedRanges } from '../../src/git/diff-filter.js';
import type { Diagnostic, Finding, Region } from '../../src/rule.js';
import type { ScanResult } from '../../src/scan.js';

const region = (start: number, end = start): Region => ({ start: { line: start, column: 1 }, end: { line: end, column: 2 } });

function finding(file: string, line: number, related: { line: number; file?: string }[] = [], endLine = line): Finding {
  return {
    ruleId: 'jwt-inline-secret',
    messageId: 'inlineKey',
    message: '',
    level: 'error',
    file,
    region: region(line, endLine),
    related: related.map((r) => ({ label: 'jsonwebtoken.sign', region: region(r.line), ...(r.file ? { file: r.file } : {}) })),
    redacted: { preview: '', byteLength: 0 },
    fingerprint: `${file}:${line}`,
    maskedLine: '',
    fromFallback: false,
  };
}

const changed: ChangedRanges = new Map([
  ['a.js', [{ start: 10, end: 12 }]],
  ['b.js', [{ start: 1, end: Number.MAX_SAFE_INTEGER }]],
]);

describe('touchesChange', () => {
  it('counts the primary region, any line of a multi-line region, and related regions', () => {
    expect(touchesChange(finding('a.js', 11), changed)).toBe(true);
    expect(touchesChange(finding('a.js', 9), changed)).toBe(false);
    expect(touchesChange(finding('a.js', 13), changed)).toBe(false);
    expect(touchesChange(finding('a.js', 5, [], 10), changed)).toBe(true); // a PEM block ending on a changed line
    expect(touchesChange(finding('a.js', 2, [{ line: 12 }]), changed)).toBe(true); // old key, new call
    expect(touchesChange(finding('a.js', 2, [{ line: 20 }]), changed)).toBe(false);
    expect(touchesChange(finding('c.js', 2), changed)).toBe(false); // unchanged file
    expect(touchesChange(finding('b.js', 400), changed)).toBe(true); // whole-file change
  });

  it('reads a related location in another file from its own file field', () => {
    expect(touchesChange(finding('c.js', 2, [{ line: 11, file: 'a.js' }]), changed)).toBe(true);
    expect(touchesChange(finding('a.js', 2, [{ line: 11, file: 'c.js' }]), changed)).toBe(false);
  });
});

describe('onlyChangedLines', () => {
  it('filters findings and keeps diagnostics of changed files only, leaving the rest of the result as it is', () => {
    const diagnostics: Diagnostic[] = [
      { kind: 'parse-error', level: 'warning', file: 'a.js', line: 1, message: '' },
      { kind: 'parse-error', level: 'warning', file: 'c.js', line: 1, message: '' },
    ];
    const result: ScanResult = {
      base: '/repo',
      findings: [finding('a.js', 2), finding('a.js', 10), finding('c.js', 10)],
      diagnostics,
      stats: { filesListed: 3, filesParsed: 3, durationMs: 1 },
      baseline: { hidden: 2, stale: [], swapped: [] },
    };
    const filtered = onlyChangedLines(result, changed);
    expect(filtered.findings.map((f) => f.fingerprint)).toEqual(['a.js:10']);
    expect(filtered.diagnostics.map((d) => d.file)).toEqual(['a.js']);
    expect(filtered.baseline).toEqual({ hidden: 2, stale: [], swapped: [] });
    expect(filtered.stats).toBe(result.stats);
    expect(result.findings).toHaveLength(3); // not mutated
  });
});
