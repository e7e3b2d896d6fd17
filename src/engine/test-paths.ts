/**
 * Findings in test code are down-ranked, not dropped: a key in a spec file is still in the
 * repository, but it is usually a throw-away fixture key, so it is reported at level `note` with the
 * reason in the message (CodeQL drops such findings; we keep them visible). The patterns use
 * .gitignore syntax, relative to the scan base; the config's `testPaths` replaces the defaults.
 */
import ignore from 'ignore';
import type { Finding } from '../rule.js';

export const DEFAULT_TEST_PATHS: readonly string[] = [
  '*.spec.*',
  '*.test.*',
  '__tests__/',
  '__mocks__/',
  'test/',
  'tests/',
  'spec/',
  'e2e/',
  'cypress/',
  'fixtures/',
];

const NOTE = ' Reported as a note: the file is in a test path (testPaths).';

export function downrankTestFindings(findings: readonly Finding[], patterns: readonly string[]): Finding[] {
  // Building the matcher costs ~3 ms on a small machine (its regular expressions compile cold): a
  // clean run, most pre-commit runs, never needs it.
  if (patterns.length === 0 || findings.length === 0) return [...findings];
  const matcher = ignore().add([...patterns]);
  return findings.map((finding) => {
    if (!isRelative(finding.file) || !matcher.ignores(finding.file)) return finding;
    // A key written in test code but used by production code is production's key.
    if (finding.related.some((r) => r.file !== undefined && r.file !== finding.file && !(isRelative(r.file) && matcher.ignores(r.file)))) return finding;
    return { ...finding, level: 'note', inTestPath: true, message: finding.level === 'note' ? finding.message : `${finding.message}${NOTE}` };
  });
}

/** `ignore` only takes clean relative paths; findings outside the base (`../x`) are never test paths. */
function isRelative(file: string): boolean {
  return file.length > 0 && !file.startsWith('/') && !file.startsWith('../');
}
