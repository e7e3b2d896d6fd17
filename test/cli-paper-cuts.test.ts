/** CLI paper cuts: did-you-mean for commands, rules and settings; config errors with a position; one config file. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { main, type Io } from '../src/main.js';
import { closest } from '../src/util/did-you-mean.js';
import { makeTree } from './helpers/temp-tree.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false };
  return { code: await main(argv, io), stdout, stderr };
}

const project = (files: Record<string, string> = {}) => makeTree({ 'src/a.js': 'export const a = 1;\n', ...files });

it('closest: within a third of the length, transpositions count once', () => {
  expect(closest('scna', ['scan', 'rules'])).toBe('scan');
  expect(closest('testpaths', ['testPaths', 'include'])).toBe('testPaths');
  expect(closest('zzzz', ['scan'])).toBeUndefined();
});

it('a mistyped command is named, not taken for a missing path', async () => {
  const { code, stderr } = await run(['scnn'], project());
  expect(code).toBe(2);
  expect(stderr).toBe(`jwtscan: unknown command 'scnn' (did you mean "scan"?)\n`);
  // A real directory of that name is still a path to scan.
  expect((await run(['scnn'], project({ 'scnn/b.js': 'export const b = 2;\n' }))).code).toBe(0);
});

it('jwtscan rules <id> prints that rule; an unknown id suggests the closest', async () => {
  const root = project();
  const one = await run(['rules', 'jwt-weak-secret'], root);
  expect(one.code).toBe(0);
  expect(one.stdout).toMatch(/^jwt-weak-secret \(warning, security-severity 7\.5\): Weak JWT signing key\n/);
  expect(one.stdout).toContain('## How to fix');
  const typo = await run(['rules', 'jwt-weak-secrt'], root);
  expect(typo.code).toBe(2);
  expect(typo.stderr).toContain('did you mean "jwt-weak-secret"?');
});

it('--help lists the exit codes and examples', async () => {
  const { code, stdout } = await run(['--help'], project());
  expect(code).toBe(0);
  expect(stdout).toContain('Exit codes:');
  expect(stdout).toContain('jwtscan gen-secret');
});

it('config errors: a syntax error with line and column, an unknown setting with a suggestion, two config files', async () => {
  const comma = await run(['scan'], project({ '.jwtscan.json': '{\n  "include": ["src/**"],\n}\n' }));
  expect(comma.code).toBe(2);
  expect(comma.stderr).toMatch(/not valid JSON at line 3, column 1: .*\(a trailing comma\?\)/);
  const typo = await run(['scan'], project({ '.jwtscan.json': '{ "testpaths": [] }\n' }));
  expect(typo.stderr).toContain('testpaths: unknown setting (did you mean "testPaths"?)');
  const root = project({ '.jwtscan.json': '{}\n', 'jwtscan.config.json': '{}\n' });
  const both = await run(['scan'], root);
  expect(both.code).toBe(2);
  expect(both.stderr).toContain(`both .jwtscan.json and jwtscan.config.json are in ${fs.realpathSync(root) === root ? root : path.resolve(root)}: keep one`);
});

it('stale baseline entries are listed in the text report, not only counted', async () => {
  const root = project({ 'src/auth.js': "const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'paper-cut-stale-key-Lp8oKi2JuY5hTg');\n" });
  expect((await run(['baseline'], root)).code).toBe(0);
  fs.writeFileSync(path.join(root, 'src/auth.js'), "const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, process.env.JWT_SECRET);\n");
  const { code, stdout } = await run(['scan', '--baseline', '.jwtscan-baseline.json'], root);
  expect(code).toBe(0);
  expect(stdout).toMatch(/^src\/auth\.js {2}note {2}stale-baseline {2}baseline entry [0-9a-f]{12} \(jwt-inline-secret\) matches no finding any more$/m);
});

it('--file-time-budget speaks of milliseconds', async () => {
  const { code, stderr } = await run(['scan', '--file-time-budget', '0'], project());
  expect(code).toBe(2);
  expect(stderr).toContain('milliseconds');
});

it('the summary says what happened to the files listed', async () => {
  const root = project({ 'src/b.js': "const jwt = require('jsonwebtoken');\nexports.t = (p) => jwt.sign(p, process.env.JWT_SECRET);\n", 'src/big.js': `// jwt\n${'x'.repeat(600_000)}\n` });
  const { stdout } = await run(['scan', '--max-file-size', '500000'], root);
  expect(stdout).toContain('No JWT key findings (3 files scanned [1 analysed, 1 without a JWT keyword, 1 by the text pass only], 1 diagnostic).');
});
