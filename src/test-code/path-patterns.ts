/**
 * Test, example and demo code by its path: .gitignore-syntax patterns relative to the scan base (the
 * config's `testPaths` replaces the defaults). The defaults are the folder and file names real
 * repositories use for code that never ships (see the README's "Test and example code" for the
 * evidence behind each).
 */
import ignore from 'ignore';

export const DEFAULT_TEST_PATHS: readonly string[] = [
  // Test files and test folders.
  '*.spec.*',
  '*.test.*',
  '*.e2e-spec.*',
  '*.e2e.*',
  '__tests__/',
  'test/',
  'tests/',
  'spec/',
  'specs/',
  'e2e/',
  'integration-tests/',
  'integration-test/',
  // Suites named for what they test (Huly's qms-tests/, ws-tests/, api-tests/).
  '*-tests/',
  '*_tests/',
  'cypress/',
  // Test doubles, fixtures and test support.
  '__mocks__/',
  'mocks/',
  '__fixtures__/',
  'fixtures/',
  '*.fixture.*',
  '*.fixtures.*',
  '*.mock.*',
  '__snapshots__/',
  'test-utils/',
  'test-helpers/',
  'testing/',
  'test-utils.*',
  'test-helpers.*',
  'jest.setup.*',
  'vitest.setup.*',
  'setupTests.*',
  // Examples, demos and playgrounds.
  'examples/',
  'example/',
  'demo/',
  'demos/',
  'sample/',
  'samples/',
  'playground/',
  'playgrounds/',
  'sandbox/',
  'sandboxes/',
  '*.stories.*',
  '*.story.*',
  'stories/',
];

/** The first pattern that matches a relative path (for the finding's evidence), or undefined. */
export function matchingPattern(patterns: readonly string[]): (file: string) => string | undefined {
  const any = testPathMatcher(patterns);
  const single = new Map<string, (file: string) => boolean>();
  return (file) => {
    if (!isRelative(file) || !any(file)) return undefined;
    return patterns.find((p) => {
      let match = single.get(p);
      if (!match) single.set(p, (match = testPathMatcher([p])));
      return match(file);
    }) ?? 'testPaths';
  };
}

/** `ignore` only takes clean relative paths; findings outside the base (`../x`) are never test paths. */
export function isRelative(file: string): boolean {
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
