/** Reports for every CI: JUnit XML (test tabs) and GitLab Code Quality JSON, never with key material. */
import { expect, it } from 'vitest';
import { main, type Io } from '../../src/main.js';
import { makeTree } from '../helpers/temp-tree.js';

const KEY = 'ci-format-key-Zq7wXe3RcV9bNm1LkJ';
const TEST_KEY = 'ci-format-test-key-Hg6fDs2AqW8eRt4Yu';

async function report(format: string, files: Record<string, string>) {
  let stdout = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: () => {}, cwd: makeTree(files), env: {}, isTTY: false };
  const code = await main(['scan', '--format', format], io);
  return { code, stdout };
}

const leaky = {
  'src/a&b<c>.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, '${KEY}');\n`,
  'test/auth.test.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, '${TEST_KEY}');\n`,
};

it('junit: a failed case per error or warning, a skipped one per note, escaped, no key', async () => {
  const { code, stdout } = await report('junit', leaky);
  expect(code).toBe(1);
  expect(stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="jwtscan" tests="2" failures="1" errors="0" skipped="1"/);
  expect(stdout).toContain('<testcase classname="src/a&amp;b&lt;c&gt;.js" name="jwt-inline-secret at src/a&amp;b&lt;c&gt;.js:2:26" file="src/a&amp;b&lt;c&gt;.js" line="2">');
  expect(stdout).toMatch(/<failure type="jwt-inline-secret" message="error: Hard-coded JWT key/);
  expect(stdout).toMatch(/<skipped message="note: /);
  expect(stdout.match(/<testcase /g)).toHaveLength(2);
  expect(stdout.match(/<\/testcase>/g)).toHaveLength(2);
  expect(stdout).not.toContain(KEY);
  expect(stdout).not.toContain(TEST_KEY);
});

it('junit: one passing case when there is nothing to report', async () => {
  const { code, stdout } = await report('junit', { 'src/a.js': 'export const a = 1;\n' });
  expect(code).toBe(0);
  expect(stdout).toContain('tests="1" failures="0"');
  expect(stdout).toContain('<testcase classname="jwtscan" name="no JWT key findings (1 files scanned)"/>');
});

it('gitlab: Code Quality issues with severity, stable fingerprints and lines, no key', async () => {
  const { stdout } = await report('gitlab', leaky);
  const issues = JSON.parse(stdout) as { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[];
  expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin])).toEqual([
    ['jwt-inline-secret', 'critical', 'src/a&b<c>.js', 2],
    ['jwt-inline-secret', 'info', 'test/auth.test.js', 2],
  ]);
  expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(2);
  expect((await report('gitlab', leaky)).stdout).toBe(stdout);
  expect(stdout).not.toContain(KEY);
  expect(stdout).not.toContain(TEST_KEY);
});
