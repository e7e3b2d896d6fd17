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
  // A clean run (most pre-commit runs) needs no matcher at all.
  if (patterns.length === 0 || findings.length === 0) return [...findings];
  const inTestPath = testPathMatcher(patterns);
  return findings.map((finding) => {
    if (!isRelative(finding.file) || !inTestPath(finding.file)) return finding;
    // A key written in test code but used by production code is production's key.
    if (finding.related.some((r) => r.file !== undefined && r.file !== finding.file && !(isRelative(r.file) && inTestPath(r.file)))) return finding;
    return { ...finding, level: 'note', inTestPath: true, message: finding.level === 'note' ? finding.message : `${finding.message}${NOTE}` };
  });
}

/** `ignore` only takes clean relative paths; findings outside the base (`../x`) are never test paths. */
function isRelative(file: string): boolean {
  return file.length > 0 && !file.startsWith('/') && !file.startsWith('../');
}

/**
 * Whether a relative path is in a test path, by the patterns' .gitignore semantics. When every
 * pattern is simple (literal characters and `*` inside one path segment, with or without a trailing
 * `/`; all the defaults are), one regular expression answers as `ignore` does (case-insensitively);
 * `ignore` builds ~20 regular expressions per pattern, ~3 ms cold, on every run with findings.
 * Anything else (`!`, `?`, `[...]`, `**`, a backslash, a slash inside or in front, `#`, spaces) is `ignore`'s.
 */
export function testPathMatcher(patterns: readonly string[]): (file: string) => boolean {
  const simple = simpleMatcher(patterns);
  if (simple) return simple;
  const matcher = ignore().add([...patterns]);
  return (file) => matcher.ignores(file);
}

function simpleMatcher(patterns: readonly string[]): ((file: string) => boolean) | undefined {
  const alternatives: string[] = [];
  for (const pattern of patterns) {
    const match = /^([\w.*-]+)(\/?)$/.exec(pattern);
    if (!match || match[1]!.includes('**') || /^\.*$/.test(match[1]!)) return undefined;
    const segment = match[1]!.split('*').map((part) => part.replace(/[.-]/g, '\\$&')).join('[^/]*');
    // A directory pattern matches a directory on the path; any other also the file's own name.
    alternatives.push(match[2] ? `(?:^|/)${segment}/` : `(?:^|/)${segment}(?:/|$)`);
  }
  const test = new RegExp(alternatives.join('|'), 'i');
  return (file) => test.test(file);
}
