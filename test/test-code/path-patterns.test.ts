import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TEST_PATHS, testPathMatcher } from '../../src/test-code/path-patterns.js';

/** Paths of one to three segments from names near and inside every default pattern, in mixed case. */
function paths(): string[] {
  const names = ['src', 'test', 'tests', 'Test', 'TESTS', 'testing', 'my-test', 'spec', 'specs', 'e2e', 'E2E', 'cypress', 'fixtures', 'fixture', '__tests__', '__mocks__', '__mock__', 'a.spec.ts', 'A.Spec.JS', 'a.test.js', 'x.spec', 'spec.ts', '.spec.', 'test.js', 'a.tests.js', 'index.js', 'qa', 'qa.js', 'a-b.c'];
  const out: string[] = [];
  for (const a of names) {
    out.push(a);
    for (const b of names) {
      out.push(`${a}/${b}`);
      for (const c of ['index.js', 'a.spec.ts', 'test']) out.push(`${a}/${b}/${c}`);
    }
  }
  return out;
}

describe('testPathMatcher', () => {
  it.for([
    ['the defaults', [...DEFAULT_TEST_PATHS]],
    ['custom simple patterns', ['*.spec.ts', 'qa/', 'a-b.*', '__mock*', 'spec']],
    ['patterns the simple matcher leaves to ignore', ['*.spec.ts', '!a.spec.ts', 'src/**/fixtures/', 'e2e?/', '/qa/']],
  ] as const)('answers as the ignore package does for %s', ([, patterns]) => {
    const matcher = testPathMatcher(patterns);
    const reference = ignore().add([...patterns]);
    const all = paths();
    expect(all.length).toBeGreaterThan(3000);
    const differences = all.filter((p) => matcher(p) !== reference.ignores(p));
    expect(differences).toEqual([]);
    expect(all.filter((p) => matcher(p)).length).toBeGreaterThan(100); // the comparison is not vacuous
  });
});

describe('runner configs read as data', () => {
  it('refuses a testRegex that repeats a group (catastrophic backtracking), however it is nested or alternated', async () => {
    const { readRunnerConfig } = await import('../../src/test-code/runner-config.js');
    for (const regex of ['((a+))+$', '(a|a)+$', '(x+x+)+y', '(\\\\w+)*$']) {
      expect(readRunnerConfig('jest.config.js', `module.exports = { testRegex: '${regex}' };`), regex).toBeUndefined();
    }
    const jestDefault = readRunnerConfig('jest.config.js', "module.exports = { testRegex: '(/__tests__/.*|(\\\\.|/)(test|spec))\\\\.[jt]sx?$' };");
    expect(jestDefault?.matchers[0]!.matches('src/__tests__/a.ts')).toBe(true);
    expect(jestDefault?.matchers[0]!.matches('src/a.ts')).toBe(false);
  });
});
