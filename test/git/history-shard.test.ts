/**
 * `scan --history --shard K/N`: the history split by commit across the jobs of a CI matrix, and
 * `jwtscan merge` of the shards' reports equal to the unsharded `scan --history` report, byte for byte.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/shard/assign.js';
import { CLEAN, leak, makeRepo, type TestRepo } from '../helpers/git-repo.js';

// Long random-looking keys: jwt-inline-secret and friends, never jwt-weak-secret.
const COPIED = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh1';
const AT_HEAD = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh2';
const SECOND = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh3';
const SWAPPED = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh4';
const IMPORTED = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh5';
const IGNORED = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh6';
const OLD = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh7';
const LATE = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh8';
const VAULT = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh9';
const BESIDE = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUsh0';
const REUSED = 'Qp7vK2mX9rT4wL8nB3cF6hJ1dS5gZ0aYeUshA';
const KEYS = [COPIED, AT_HEAD, SECOND, SWAPPED, IMPORTED, IGNORED, OLD, LATE, VAULT, BESIDE, REUSED];

const dateOf = (n: number) => `2021-04-${String(n).padStart(2, '0')}T12:00:00+00:00`;

function commit(repo: TestRepo, n: number): string {
  repo.git('add', '-A');
  execFileSync('git', ['commit', '-qm', `commit ${n}`, '--allow-empty'], { cwd: repo.root, env: { ...repo.env, GIT_AUTHOR_DATE: dateOf(n), GIT_COMMITTER_DATE: dateOf(n) } });
  return repo.git('rev-parse', 'HEAD').trim();
}

// The same line shape whatever the key: findings of one file told apart by their fingerprint's ordinal.
const sign = (key: string) => `exports.t = (p) => jwt.sign(p, '${key}');\n`;
const HEADER = `const jwt = require('jsonwebtoken');\n`;
const BROKEN = `${HEADER}exports.broken = (p) => jwt.sign(p, process.env.JWT_SECRET;\n`;

/**
 * A history with what merging must get right: the same key added, copied under another name and
 * removed (one finding, at the oldest commit, not at HEAD); a key kept at HEAD; one file edited across
 * commits so that findings of the same shape in it come from different commits (fingerprint ordinals),
 * one of them at the very place an older key was (a tie in the report's order); a key in a module
 * found through the file importing it, added in a later commit; a suppressed key; the same parse
 * problem in two versions of a file (the oldest is reported).
 */
function buildHistory(): { repo: TestRepo; commits: string[] } {
  const repo = makeRepo({
    'README.md': 'history\n',
    'old/legacy.js': `${HEADER}${sign(OLD)}`,
    'src/vault.js': `exports.key = '${VAULT}';\n`,
    'old/auth.js': `${HEADER}const vault = require('../src/vault');\nexports.t = (p) => jwt.sign(p, vault.key);\n`,
  });
  const commits = [commit(repo, 1)];
  repo.write('src/copied.js', `${HEADER}${sign(COPIED)}`);
  repo.write('src/keys.js', `${HEADER}${sign(SECOND)}`);
  // Found by this commit's scan, and by the next one's through auth.js: the same commit, two scans.
  repo.write('src/config.js', `${HEADER}const secret = '${IMPORTED}';\nexports.secret = secret;\nexports.t = (p) => jwt.sign(p, secret);\n`);
  repo.write('src/broken.js', BROKEN);
  repo.write('src/settings.js', `exports.key = '${LATE}';\n`); // reported when a later commit signs with it
  commits.push(commit(repo, 2));
  fs.mkdirSync(path.join(repo.root, 'lib'));
  repo.git('mv', 'src/copied.js', 'lib/renamed.js');
  repo.write('lib/renamed.js', `${HEADER}// moved\n${sign(COPIED)}`);
  repo.write('src/keys.js', `${HEADER}${sign(SECOND)}${sign(AT_HEAD)}`);
  repo.write('src/auth.js', `${HEADER}const { secret } = require('./config');\nexports.token = (p) => jwt.sign(p, secret);\n`);
  repo.write('src/inline.js', `${HEADER}const key = '${LATE}';\nexports.t = (p) => jwt.sign(p, key);\n`);
  // With --since commit 2, HEAD's old/auth.js (outside the range) is what tells that this key is still at HEAD.
  repo.write('src/vault.js', `// the key of old/auth.js\nexports.key = '${VAULT}';\n`);
  // jwt-reused-secret (a rule over a whole scan's findings): each commit is scanned whole by one shard.
  repo.write(
    'src/tokens.js',
    `${HEADER}const TOKEN_SECRET = '${REUSED}';\nexports.access = (u) => jwt.sign({ sub: u.id }, TOKEN_SECRET, { expiresIn: '15m' });\nexports.refresh = (u) => jwt.sign({ sub: u.id }, TOKEN_SECRET, { expiresIn: '7d' });\n`,
  );
  commits.push(commit(repo, 3));
  repo.write('src/keys.js', `${HEADER}${sign(SWAPPED)}${sign(AT_HEAD)}`);
  repo.write('src/ignored.js', `${HEADER}// jwtscan-ignore-next-line jwt-inline-secret -- test fixture\n${sign(IGNORED)}`);
  repo.write('src/broken.js', `${BROKEN}// edited, still broken\n`);
  // Found by this commit's scan in a module of commit 2: older than the copy of commit 3.
  repo.write('src/late.js', `${HEADER}const { key } = require('./settings');\nexports.t = (p) => jwt.sign(p, key);\n`);
  repo.write('src/tmp.js', `${HEADER}${sign(VAULT)}`);
  commits.push(commit(repo, 4));
  repo.git('rm', '-q', 'lib/renamed.js', 'src/tmp.js');
  repo.write('src/keys.js', `${HEADER}${CLEAN.split('\n')[1]}\n${sign(AT_HEAD)}`);
  repo.write('src/other.js', CLEAN);
  // A finding of the same shape beside the suppressed one: its ordinal counts the suppressed one, reported or not.
  repo.write('src/ignored.js', `${fs.readFileSync(path.join(repo.root, 'src/ignored.js'), 'utf8')}${sign(BESIDE)}`);
  commits.push(commit(repo, 5));
  repo.write('src/config.js', `${HEADER}exports.secret = process.env.JWT_SECRET;\n`);
  commits.push(commit(repo, 6));
  return { repo, commits };
}

let repo: TestRepo;
let commits: string[];
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-history-shard-'));

beforeAll(() => {
  ({ repo, commits } = buildHistory());
});

async function scan(argv: string[]): Promise<string> {
  const run = await repo.jwtscan(['scan', '--history', '--no-cache', '--fail-on', 'none', ...argv]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

async function shards(n: number, format: string, argv: string[] = []): Promise<string[]> {
  const files: string[] = [];
  for (let k = 1; k <= n; k++) {
    const file = path.join(out, `${format}-${k}-of-${n}-${argv.join('_').replace(/\W/g, '')}.${format}`);
    await scan(['--format', format, '--shard', `${k}/${n}`, '--output', file, ...argv]);
    files.push(file);
  }
  return files;
}

async function merge(files: string[]): Promise<string> {
  const run = await repo.jwtscan(['merge', ...files]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('scan --history --shard', () => {
  it('the history has what merging must get right, and its commits land in different shards for some N', async () => {
    const report = JSON.parse(await scan(['--format', 'json']));
    const shown = (report.findings as { path: string; line: number; ruleId: string; history: { commit: string; presentAtHead: boolean } }[]).map(
      (f) => `${f.path}:${f.line} ${f.ruleId} commit ${commits.indexOf(f.history.commit) + 1}${f.history.presentAtHead ? ' at HEAD' : ''}`,
    );
    expect(shown).toEqual([
      'old/legacy.js:2 jwt-inline-secret commit 1 at HEAD',
      'src/config.js:2 jwt-hardcoded-secret commit 2',
      'src/copied.js:2 jwt-inline-secret commit 2',
      'src/ignored.js:4 jwt-inline-secret commit 5 at HEAD',
      'src/keys.js:2 jwt-inline-secret commit 2',
      'src/keys.js:2 jwt-inline-secret commit 4',
      'src/keys.js:3 jwt-inline-secret commit 3 at HEAD',
      'src/settings.js:1 jwt-hardcoded-secret commit 2 at HEAD', // (and not src/inline.js, commit 3)
      'src/tmp.js:2 jwt-inline-secret commit 4',
      'src/tokens.js:2 jwt-hardcoded-secret commit 3 at HEAD',
      'src/tokens.js:2 jwt-reused-secret commit 3 at HEAD',
      'src/vault.js:1 jwt-hardcoded-secret commit 1',
    ]);
    // Outside the range, old/auth.js finds the key of src/tmp.js in src/vault.js at HEAD.
    const since = JSON.parse(await scan(['--format', 'json', '--since', commits[1]!]));
    expect(since.findings.find((f: { path: string }) => f.path === 'src/tmp.js').history.presentAtHead).toBe(true);
    expect(report.diagnostics.map((d: { path: string; message: string }) => `${d.path}: ${d.message.replace(/.*(as added in commit \w+).*/, '$1')}`)).toEqual([
      `src/broken.js: as added in commit ${commits[1]!.slice(0, 12)}`,
    ]);
    expect(report.summary.suppressed).toBe(1);
    // The commits that must meet in the merge sit in different shards for some N (else the test could not fail).
    const apart = (a: number, b: number) => [2, 3, 4, 5].filter((n) => shardOf(commits[a - 1]!, n) !== shardOf(commits[b - 1]!, n));
    for (const [a, b] of [[2, 3], [2, 4], [3, 4], [2, 5]] as const) expect(apart(a, b).length, `commits ${a} and ${b}`).toBeGreaterThan(0);
  });

  describe.for(['json', 'sarif'] as const)('%s', (format) => {
    it.for([1, 2, 3, 4, 5])('the N=%i shards merged equal the unsharded scan, byte for byte', async (n) => {
      const expected = await scan(['--format', format]);
      const files = await shards(n, format);
      // In any order: the shards' own order must not decide which of two equal findings is kept.
      expect(await merge(files)).toBe(expected);
      expect(await merge([...files].reverse())).toBe(expected);
    });
  });

  it.for([2, 3])('also with --include-suppressed and --since (HEAD files outside the range split by path), N=%i', async (n) => {
    for (const argv of [['--include-suppressed'], ['--since', commits[1]!], ['--since', commits[2]!, '--include-suppressed']]) {
      for (const format of ['json', 'sarif']) {
        const expected = await scan(['--format', format, ...argv]);
        expect(await merge(await shards(n, format, argv)), `${format} ${argv.join(' ')}`).toBe(expected);
      }
    }
  });

  it('a shard report holds no key, and no plain SHA-256 of one', async () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    for (const format of ['json', 'sarif']) {
      for (const file of [...(await shards(3, format)), ...(await shards(2, format, ['--include-suppressed']))]) {
        const text = fs.readFileSync(file, 'utf8');
        for (const key of KEYS) {
          expect(text).not.toContain(key);
          expect(text).not.toContain(sha256(key));
          expect(text).not.toContain(sha256(key).slice(0, 32));
        }
      }
    }
  });

  it('merge refuses history shards mixed with other reports, or of different ranges', async () => {
    const refused = async (files: string[], message: RegExp) => {
      const run = await repo.jwtscan(['merge', ...files]);
      expect([run.code, run.stdout]).toEqual([2, '']);
      expect(run.stderr).toMatch(message);
    };
    const [one, two] = await shards(2, 'json');
    const plain = path.join(out, 'plain-2-of-2.json');
    expect((await repo.jwtscan(['scan', '--no-cache', '--format', 'json', '--shard', '2/2', '--output', plain, '--fail-on', 'none'])).code).toBe(0);
    await refused([one!, plain], /cannot merge shards of scan --history with other reports: .*1-of-2.* is a history shard, .*plain-2-of-2\.json is not/);
    const unsharded = path.join(out, 'unsharded.json');
    fs.writeFileSync(unsharded, await scan(['--format', 'json']));
    await refused([unsharded, two!], /cannot merge shards of scan --history with other reports/);
    const [, since] = await shards(2, 'json', ['--since', commits[1]!]);
    await refused([one!, since!], /different history ranges .* same --since and --branches/);
  });

  it('--baseline is refused with --history --shard, naming what to do instead', async () => {
    const baseline = path.join(out, 'baseline.json');
    expect((await repo.jwtscan(['baseline', '--output', baseline])).code).toBe(0);
    const run = await repo.jwtscan(['scan', '--history', '--shard', '1/2', '--baseline', baseline]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baseline cannot be combined with --history --shard: .*in one job/);
  });
});
