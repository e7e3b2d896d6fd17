import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { main, type Io } from '../src/main.js';
import { packageInfo } from '../src/version.js';
import { FIXTURES, ROOT } from './helpers/scan-helpers.js';
import { sarifSchemaErrors } from './helpers/sarif-validator.js';
import { makeTree } from './helpers/temp-tree.js';

async function run(argv: string[], io: Partial<Io> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd: ROOT,
    env: {},
    isTTY: false,
    ...io,
  });
  return { code, stdout, stderr };
}

const leaky = () => makeTree({ 'src/auth.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'cli-test-inline-key-WLy08qcQnJH05Fam9z80');\n` });
const weakOnly = () => makeTree({ 'a.js': `const jwt = require('jsonwebtoken');\nconst K = process.env.K;\nexports.t = jwt.sign({}, K || '');\n` });

describe('jwtscan CLI', () => {
  it('exits 1 with findings and prints them with a summary', async () => {
    const root = leaky();
    const { code, stdout } = await run(['scan', root]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^src\/auth\.js:2:26 {2}error {2}jwt-inline-secret {2}Hard-coded JWT key/m);
    expect(stdout).toContain('1 finding (1 error) in 1 file scanned.');
    expect(stdout).not.toContain('cli-test-inline-key');
  });

  it('scans the current directory by default and exits 0 on a clean tree', async () => {
    const { code, stdout } = await run([], { cwd: path.join(FIXTURES, 'inputs/clean') });
    expect(code).toBe(0);
    expect(stdout).toBe('No JWT key findings (1 file scanned).\n');
  });

  it('exits 2 with a one-line message on an unknown option', async () => {
    const { code, stderr, stdout } = await run(['scan', '--bogus']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe("jwtscan: error: unknown option '--bogus'\n");
  });

  it('exits 2 on a bad option value and on a missing path, without a stack trace', async () => {
    const unwritable = ['scan', path.join(FIXTURES, 'inputs/clean'), '-o', '/nonexistent/dir/out.sarif'];
    for (const argv of [['scan', '--max-file-size', 'lots'], ['scan', '--format', 'xml'], ['scan', '/nonexistent/jwtscan-path'], unwritable]) {
      const { code, stderr } = await run(argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr.trim().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--fail-on sets the threshold', async () => {
    const root = weakOnly(); // an empty fallback: no key configured (a warning)
    expect((await run(['scan', root, '--fail-on', 'none'])).code).toBe(0);
    expect((await run(['scan', root, '--fail-on', 'error'])).code).toBe(0);
    expect((await run(['scan', root, '--fail-on', 'warning'])).code).toBe(1);
    expect((await run(['scan', leaky(), '--fail-on', 'error'])).code).toBe(1);
    const warnOnly = makeTree({ 'a.js': `const jwt = require('jsonwebtoken');\nexports.t = (k = process.env.K) => jwt.sign({}, k);\n` });
    expect((await run(['scan', warnOnly, '--fail-on', 'note'])).code).toBe(0);
  });

  it('writes JSON and SARIF, to stdout or atomically to --output', async () => {
    const root = leaky();
    const json = JSON.parse((await run(['scan', root, '--format', 'json'])).stdout);
    expect(json).toMatchObject({ formatVersion: 1, summary: { findings: 1, errors: 1 } });
    expect(json.findings[0]).toMatchObject({ ruleId: 'jwt-inline-secret', path: 'src/auth.js', line: 2, column: 26, redacted: { byteLength: 40 } });

    const out = path.join(root, 'out.sarif');
    const { code, stdout } = await run(['scan', root, '--format', 'sarif', '--output', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(sarifSchemaErrors(JSON.parse(fs.readFileSync(out, 'utf8')))).toEqual([]);
    expect(fs.readdirSync(root).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--quiet prints findings only; colour only on a TTY and never with NO_COLOR', async () => {
    const root = leaky();
    expect((await run(['scan', root, '--quiet'])).stdout).not.toContain('finding (');
    expect((await run(['scan', root], { isTTY: true })).stdout).toContain('\u001b[31m');
    expect((await run(['scan', root], { isTTY: true, env: { NO_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });

  it('suppressed findings do not fail the run; --include-suppressed shows them, in SARIF with suppressions', async () => {
    const root = makeTree({
      'a.js': `const jwt = require('jsonwebtoken');\n// jwtscan-ignore-next-line -- mock server key\nexports.t = jwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuCliQ');\n`,
    });
    const plain = await run(['scan', root]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('No JWT key findings (1 file scanned, 1 suppressed).\n');
    const sarif = JSON.parse((await run(['scan', root, '--format', 'sarif', '--include-suppressed'])).stdout);
    expect(sarif.runs[0].results[0].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: 'mock server key' }]);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(JSON.parse((await run(['scan', root, '--format', 'sarif'])).stdout).runs[0].results).toEqual([]);
  });

  it('baseline: records fingerprints only, hides known findings, reports new ones and stale entries', async () => {
    const root = makeTree({
      'a.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuBase1');\n`,
    });
    const written = await run(['baseline', root, '-o', path.join(root, '.jwtscan-baseline.json')]);
    expect(written).toMatchObject({ code: 0, stdout: expect.stringContaining('Baseline of 1 finding written') });
    const baselineFile = path.join(root, '.jwtscan-baseline.json');
    const baseline = fs.readFileSync(baselineFile, 'utf8');
    expect(baseline).not.toContain('Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuBase1');
    const parsed = JSON.parse(baseline);
    expect(parsed.formatVersion).toBe(2);
    expect(parsed.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(parsed.entries).toEqual([
      { fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), ruleId: 'jwt-inline-secret', path: 'a.js', keyDigest: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
    // Salted per baseline: the digest is neither the key's plain SHA-256 nor the same in another baseline.
    const { createHash } = await import('node:crypto');
    expect(baseline).not.toContain(createHash('sha256').update('Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuBase1').digest('hex').slice(0, 32));
    await run(['baseline', root, '-o', path.join(root, 'second.json')]);
    expect(JSON.parse(fs.readFileSync(path.join(root, 'second.json'), 'utf8')).entries[0].keyDigest).not.toBe(parsed.entries[0].keyDigest);

    const known = await run(['scan', root, '--baseline', baselineFile]);
    expect(known.code).toBe(0);
    expect(known.stdout).toBe('No JWT key findings (1 file scanned, 1 hidden by the baseline).\n');

    // The key moves down two lines and a new leak appears: the old finding stays hidden.
    fs.writeFileSync(path.join(root, 'a.js'), `// moved\n\nconst jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuBase1');\nexports.u = jwt.verify(t, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuBase2');\n`);
    const json = JSON.parse((await run(['scan', root, '--baseline', baselineFile, '--format', 'json'])).stdout);
    expect(json.findings.map((f: { line: number }) => f.line)).toEqual([5]);
    expect(json.summary.baseline).toEqual({ hidden: 1, stale: [], swapped: [] });

    // Another key swapped in at the baselined place: a new finding, and the summary says so.
    fs.writeFileSync(path.join(root, 'a.js'), `// moved\n\nconst jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'Qp7wE2rT9yU4iO1pA6sD3fG8hJ5kL0zXSwap1');\n`);
    const swapped = await run(['scan', root, '--baseline', baselineFile]);
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toContain('a.js:4:');
    expect(swapped.stdout).toContain('1 at a baselined place with a different key than the baseline recorded (reported as new)');
    expect(swapped.stdout).toContain('1 baseline entry no longer matches');
    expect(swapped.stdout).not.toContain('Qp7wE2rT9yU4iO1pA6sD3fG8hJ5kL0zXSwap1');
    const swappedJson = JSON.parse((await run(['scan', root, '--baseline', baselineFile, '--format', 'json'])).stdout);
    expect(swappedJson.summary.baseline.swapped).toEqual([{ ruleId: 'jwt-inline-secret', path: 'a.js', line: 4 }]);

    fs.writeFileSync(path.join(root, 'a.js'), `export const nothing = 'jwt';\n`);
    const stale = await run(['scan', root, '--baseline', baselineFile]);
    expect(stale.stdout).toContain('0 hidden by the baseline (1 baseline entry no longer matches: refresh it with jwtscan baseline)');
    const bad = await run(['scan', root, '--baseline', path.join(root, 'a.js')]);
    expect(bad.code).toBe(2);
    fs.writeFileSync(path.join(root, 'v1.json'), JSON.stringify({ formatVersion: 1, tool: 'jwtscan', entries: [] }));
    const old = await run(['scan', root, '--baseline', path.join(root, 'v1.json')]);
    expect(old).toMatchObject({ code: 2, stderr: expect.stringContaining('make it again with jwtscan baseline') });
  });

  it('reads .jwtscan.json from the working directory upwards: rule levels, rules off, excludes, failOn', async () => {
    const root = makeTree({
      '.git/HEAD': '',
      '.jwtscan.json': JSON.stringify({ failOn: 'error', exclude: ['vendor/**'], rules: { 'jwt-weak-secret': 'off', 'jwt-inline-secret': 'note' } }),
      'src/a.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'secret');\n`,
      'vendor/b.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuVend');\n`,
    });
    const json = await run(['scan', '--format', 'json'], { cwd: path.join(root, 'src') });
    expect(json.code).toBe(0); // only a note, and failOn is error
    expect(JSON.parse(json.stdout).findings.map((f: { ruleId: string; level: string; path: string }) => [f.path, f.ruleId, f.level])).toEqual([
      ['src/a.js', 'jwt-inline-secret', 'note'],
    ]);
    const sarif = JSON.parse((await run(['scan', '--format', 'sarif'], { cwd: root })).stdout);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).not.toContain('jwt-weak-secret');
    expect((await run(['scan', '--no-config', '--fail-on', 'note'], { cwd: root })).stdout).toContain('jwt-weak-secret');
  });

  it('rejects a bad config with every problem on one line, exit 2', async () => {
    const root = makeTree({ '.jwtscan.json': JSON.stringify({ failOn: 'sometimes', rules: { 'jwt-nope': 'off', 'jwt-weak-secret': 'loud' }, extra: 1 }) });
    const { code, stderr } = await run(['scan', '--config', path.join(root, '.jwtscan.json'), root]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    for (const problem of ['failOn must be one of', 'rules.jwt-nope: unknown rule', 'rules.jwt-weak-secret must be', 'extra: unknown setting']) expect(stderr).toContain(problem);
  });

  it('lists the rules', async () => {
    const { code, stdout } = await run(['rules']);
    expect(code).toBe(0);
    for (const rule of RULES) expect(stdout).toMatch(new RegExp(`^${rule.id}\\s+${rule.level}\\s+${rule.shortDescription}$`, 'm'));
  });

  it('prints the package version and help', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, stdout: `${packageInfo().version}\n`, stderr: '' });
    const help = await run(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fail-on <level>');
  });

  it('reports bad input as diagnostics and still finds the secret in the broken file', async () => {
    const root = makeTree({
      'broken.js': `const jwt = require('jsonwebtoken');\nfunction ( {\njwt.sign(p, 'cli-broken-file-key-bQ3RmnSgwQxnaLxZeycw');\n`,
      'binary.js': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0x6a, 0x77, 0x74]),
      'huge.js': `// jwt\n${'x'.repeat(5000)}`,
    });
    const text = await run(['scan', root, '--max-file-size', '4096']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^broken\.js:3:13 {2}error {2}jwt-inline-secret/m);
    expect(text.stdout).toMatch(/^broken\.js:2 {2}warning {2}parse-error/m);
    expect(text.stdout).toMatch(/^binary\.js {2}note {2}binary/m);
    expect(text.stdout).toMatch(/^huge\.js {2}warning {2}too-large/m);

    const sarif = JSON.parse((await run(['scan', root, '--max-file-size', '4096', '--format', 'sarif'])).stdout);
    const notes: string[] = sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { descriptor: { id: string } }) => n.descriptor.id);
    expect(notes.sort()).toEqual(['binary', 'parse-error', 'too-large']);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });
});

describe('file arguments, as lint-staged, husky and pre-commit pass them', () => {
  const key = (n: number) => `Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuArg${n}`;
  const leakWith = (n: number) => `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, '${key(n)}');\n`;
  const repo = () =>
    makeTree({
      '.git/HEAD': '',
      '.gitignore': 'generated/\n',
      'packages/api/src/a.ts': leakWith(1),
      'packages/api/src/b.js': leakWith(2),
      'app/[id]/(group)/{slug}.tsx': leakWith(3),
      'app/i/g/s.tsx': leakWith(4),
      'generated/c.mjs': leakWith(5),
      'README.md': 'jwt.sign({}, "x")\n',
    });
  const paths = (stdout: string) => (JSON.parse(stdout).findings as { path: string }[]).map((f) => f.path);

  it('absolute paths report repository-relative paths, from the root or from a package directory', async () => {
    const root = repo();
    const files = ['packages/api/src/a.ts', 'packages/api/src/b.js'].map((f) => path.join(root, f));
    for (const cwd of [root, path.join(root, 'packages/api')]) {
      const { code, stdout } = await run(['scan', '--format', 'json', ...files], { cwd });
      expect(code).toBe(1);
      expect(paths(stdout)).toEqual(['packages/api/src/a.ts', 'packages/api/src/b.js']);
    }
    const text = await run(['scan', ...files], { cwd: path.join(root, 'packages/api') });
    expect(text.stdout).toMatch(/^packages\/api\/src\/a\.ts:2:26 /m);
  });

  it('takes paths literally (no glob expansion), scans named ignored files, and skips non-source files', async () => {
    const root = repo();
    const named = ['app/[id]/(group)/{slug}.tsx', 'generated/c.mjs', 'README.md'];
    const { stdout } = await run(['scan', '--format', 'json', ...named], { cwd: root });
    expect(paths(stdout)).toEqual(['app/[id]/(group)/{slug}.tsx', 'generated/c.mjs']);
    expect(JSON.parse(stdout).summary.filesScanned).toBe(2);
  });

  it('writes nothing but the report, so parallel batches cannot collide', async () => {
    const root = repo();
    const before = fs.readdirSync(root, { recursive: true }).length;
    const batches = await Promise.all([['packages/api/src/a.ts'], ['packages/api/src/b.js']].map((batch) => run(['scan', ...batch], { cwd: root })));
    expect(batches.map((b) => b.code)).toEqual([1, 1]);
    expect(fs.readdirSync(root, { recursive: true }).length).toBe(before);
  });
});

describe('scan limits, cache and interruption on the command line', () => {
  it('--stats prints the counts on stderr; a second run takes files from the cache unless --no-cache', async () => {
    const root = makeTree({ 'a.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.verify(t, process.env.K);\n`, 'b.js': 'export const x = 1;\n' });
    const env = { XDG_CACHE_HOME: path.join(root, '.cache-home') };
    const first = await run(['scan', '.', '--stats'], { cwd: root, env });
    const second = await run(['scan', '.', '--stats'], { cwd: root, env });
    const bypass = await run(['scan', '.', '--stats', '--no-cache'], { cwd: root, env });
    expect(first.stderr).toMatch(/2 files listed, 1 skipped by the keyword check, 1 parsed, 0 from the cache/);
    expect(second.stderr).toMatch(/0 parsed, 1 from the cache/);
    expect(bypass.stderr).toMatch(/1 parsed, 0 from the cache/);
    expect(second.stdout).toBe(first.stdout);
  });

  it('an interrupted scan writes its partial report and exits 2, never 0', async () => {
    const root = leaky();
    const controller = new AbortController();
    controller.abort();
    const { code, stdout } = await run(['scan', '.', '--format', 'json', '--no-cache'], { cwd: root, signal: controller.signal });
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as { diagnostics: { kind: string }[] }).diagnostics.map((d) => d.kind)).toEqual(['interrupted']);
  });

  it('--max-parse-size and --file-time-budget reach the scan', async () => {
    const root = leaky();
    const small = await run(['scan', '.', '--format', 'json', '--max-parse-size', '10', '--no-cache'], { cwd: root });
    expect((JSON.parse(small.stdout) as { diagnostics: { kind: string }[] }).diagnostics.map((d) => d.kind)).toEqual(['large-file']);
    expect(small.code).toBe(1);
    const bad = await run(['scan', '.', '--file-time-budget', 'soon'], { cwd: root });
    expect(bad.code).toBe(2);
  });
});

describe('--output to something that is not a regular file', () => {
  it.skipIf(!fs.existsSync('/dev/null'))('writes through /dev/null instead of renaming a file over it', async () => {
    const before = fs.statSync('/dev/null');
    expect(before.isCharacterDevice()).toBe(true);
    const { code } = await run(['scan', '.', '--format', 'sarif', '-o', '/dev/null', '--no-cache'], { cwd: leaky() });
    expect(code).toBe(1);
    const after = fs.statSync('/dev/null');
    expect(after.isCharacterDevice()).toBe(true);
    expect(after.ino).toBe(before.ino);
  });
});
