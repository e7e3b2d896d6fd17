import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';
import { CLEAN, findingsOf, leak, makeRepo, type TestRepo } from '../helpers/git-repo.js';

const KEY = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuHst1';
const OTHER = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuHst2';
const THIRD = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuHst3';

interface HistoryJson {
  findings: { path: string; line: number; ruleId: string; message: string; history: { commit: string; date: string; path: string; presentAtHead: boolean } }[];
  diagnostics: { kind: string; path: string; message: string }[];
  summary: { filesScanned: number };
}

/** Commits everything with a fixed author and committer date (day `n` of March 2021); returns the commit id. */
function commit(repo: TestRepo, n: number, message = `commit ${n}`): string {
  const date = dateOf(n);
  repo.git('add', '-A');
  execFileSync('git', ['commit', '-qm', message, '--allow-empty'], { cwd: repo.root, env: { ...repo.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  return repo.git('rev-parse', 'HEAD').trim();
}

const dateOf = (n: number) => `2021-03-${String(n).padStart(2, '0')}T12:00:00+00:00`;

async function history(repo: TestRepo, argv: string[] = []) {
  const run = await repo.jwtscan(['scan', '--history', '--format', 'json', ...argv]);
  expect(run.stderr, run.stderr).toBe('');
  return { code: run.code, json: JSON.parse(run.stdout) as HistoryJson, findings: findingsOf(run.stdout) };
}

describe('scan --history', () => {
  it('reports a key added in commit 2 and removed in commit 4 with commit 2, as not present at HEAD', async () => {
    const repo = makeRepo({ 'src/auth.js': CLEAN });
    commit(repo, 1);
    repo.write('src/auth.js', leak(KEY));
    const added = commit(repo, 2);
    repo.write('src/other.js', CLEAN);
    commit(repo, 3);
    repo.write('src/auth.js', CLEAN);
    commit(repo, 4);
    expect((await repo.jwtscan(['scan', '--format', 'json'])).code).toBe(0); // HEAD is clean

    const { code, json } = await history(repo);
    expect(code).toBe(1);
    expect(json.findings).toEqual([
      expect.objectContaining({ path: 'src/auth.js', line: 2, ruleId: 'jwt-inline-secret', history: { commit: added, date: dateOf(2), path: 'src/auth.js', presentAtHead: false } }),
    ]);
    // The message says it too (SARIF and JSON consumers show only the message): commit, date, never the key.
    expect(json.findings[0]!.message).toContain(`First committed in ${added.slice(0, 12)} (2021-03-02) and removed since, but still in git history: rotate it.`);
    const text = await repo.jwtscan(['scan', '--history']);
    expect(text.stdout).toContain(`added in commit ${added.slice(0, 12)} (2021-03-02), removed from HEAD — still leaked, rotate it`);
    expect(text.stdout).not.toContain(KEY);
  });

  it('scans what a clone holds when blobs of its history are missing (a partial or incomplete clone), and says what it could not', async () => {
    const repo = makeRepo({ 'src/auth.js': leak(KEY) });
    commit(repo, 1);
    repo.write('src/lost.js', leak(OTHER));
    commit(repo, 2);
    repo.write('src/lost.js', CLEAN);
    commit(repo, 3);
    // The blob of commit 2's src/lost.js goes, as in a clone made with --filter or a mirror without its large files.
    const lost = repo.git('rev-parse', 'HEAD~1:src/lost.js').trim();
    fs.rmSync(path.join(repo.root, '.git/objects', lost.slice(0, 2), lost.slice(2)));
    expect(() => repo.git('cat-file', '-e', lost)).toThrow();

    const { code, json } = await history(repo);
    expect(code).toBe(1);
    expect(json.findings.map((f) => `${f.path} ${f.ruleId}`)).toEqual(['src/auth.js jwt-inline-secret']);
    expect(json.diagnostics).toContainEqual(expect.objectContaining({ kind: 'unreadable', path: '', message: expect.stringContaining('1 file version of the history is missing from this clone') }));
  });

  it('marks a key still in HEAD as present, also after its file was renamed and edited, and reports it once, at its oldest commit and path', async () => {
    const repo = makeRepo({ 'old.js': leak(KEY) });
    const first = commit(repo, 1);
    repo.write('old.js', `${leak(KEY)}// edit 1\n`);
    commit(repo, 2);
    repo.git('mv', 'old.js', 'renamed.js');
    repo.write('renamed.js', `${leak(KEY)}// edit 2\n`);
    commit(repo, 3);
    const { json, findings } = await history(repo);
    expect(findings).toEqual(['old.js:2 jwt-inline-secret']);
    expect(json.findings[0]!.history).toEqual({ commit: first, date: dateOf(1), path: 'old.js', presentAtHead: true });
    expect(json.findings[0]!.message).toContain(`First committed in ${first.slice(0, 12)} (2021-03-01): it is in git history, so rotate it as well as removing it.`);
    const text = await repo.jwtscan(['scan', '--history']);
    expect(text.stdout).toContain(`added in commit ${first.slice(0, 12)} (2021-03-01), still present at HEAD`);
  });

  it('scans each distinct blob once, however many paths and commits hold it', async () => {
    const repo = makeRepo({ 'a.js': leak(KEY), 'copy/a.js': leak(KEY), 'clean.ts': CLEAN });
    commit(repo, 1);
    repo.write('later/again.mjs', leak(KEY)); // same content, another path, a later commit
    repo.write('dir with space/new\nline.cts', leak(OTHER));
    repo.write('notes.md', leak(THIRD)); // not a source file
    commit(repo, 2);
    repo.write('clean.ts', `${CLEAN}// v2\n`);
    commit(repo, 3);
    const { json, findings } = await history(repo);
    // Blobs: leak(KEY), CLEAN, leak(OTHER), CLEAN v2.
    expect(json.summary.filesScanned).toBe(4);
    expect(findings).toEqual(['a.js:2 jwt-inline-secret', 'dir with space/new\nline.cts:2 jwt-inline-secret']);
  });

  it('selects files by their path in history: paths (which need not exist any more), --include, --exclude, from a subdirectory', async () => {
    const repo = makeRepo({ 'a.js': leak(KEY), 'copy/a.js': leak(KEY), 'sub/b.js': leak(OTHER) });
    commit(repo, 1);
    repo.git('rm', '-rq', 'copy');
    commit(repo, 2);
    expect((await history(repo)).findings).toEqual(['a.js:2 jwt-inline-secret', 'sub/b.js:2 jwt-inline-secret']);
    // The blob of a.js is also the blob of copy/a.js: selected by that path, it is reported there.
    expect((await history(repo, ['copy'])).findings).toEqual(['copy/a.js:2 jwt-inline-secret']);
    expect((await history(repo, ['--exclude', '/a.js'])).findings).toEqual(['copy/a.js:2 jwt-inline-secret', 'sub/b.js:2 jwt-inline-secret']);
    expect((await history(repo, ['--include', 'sub/**'])).findings).toEqual(['sub/b.js:2 jwt-inline-secret']);
    const fromSub = await repo.jwtscan(['scan', '--history', '--format', 'json', '../copy'], { cwd: `${repo.root}/sub` });
    expect(findingsOf(fromSub.stdout)).toEqual(['copy/a.js:2 jwt-inline-secret']);
  });

  it('--since <rev> covers only the commits after <rev>, and still tells presence at HEAD from files added before it', async () => {
    const repo = makeRepo({ 'old.js': leak(KEY), 'keep.js': leak(OTHER) });
    const base = commit(repo, 1);
    repo.write('new.js', leak(THIRD));
    const added = commit(repo, 2);
    repo.write('moved.js', `${leak(OTHER)}// moved\n`); // OTHER again, in a new file of the range
    repo.write('old.js', CLEAN);
    commit(repo, 3);
    repo.git('rm', '-q', 'moved.js');
    commit(repo, 4);
    const { json } = await history(repo, ['--since', base]);
    expect(json.findings.map((f) => [f.path, f.history.commit === added, f.history.presentAtHead])).toEqual([
      ['moved.js', false, true], // removed, but keep.js (added before --since) still holds the same key at HEAD
      ['new.js', true, true],
    ]);
    expect((await history(repo, ['--since', 'HEAD'])).json.findings).toEqual([]);
  });

  it('--branches <pattern> limits the scan to matching branches', async () => {
    const repo = makeRepo({ 'a.js': CLEAN });
    commit(repo, 1);
    repo.git('checkout', '-qb', 'feature/leak');
    repo.write('feature.js', leak(KEY));
    const onBranch = commit(repo, 2);
    repo.git('checkout', '-q', 'main');
    expect((await history(repo)).findings).toEqual(['feature.js:2 jwt-inline-secret']); // every ref by default
    expect((await history(repo, ['--branches', 'main'])).findings).toEqual([]);
    const matched = await history(repo, ['--branches', 'feature/*']);
    expect(matched.json.findings[0]!.history).toMatchObject({ commit: onBranch, presentAtHead: false });
    const none = await repo.jwtscan(['scan', '--history', '--branches', 'nope/*']);
    expect([none.code, none.stderr]).toEqual([2, "jwtscan: --branches: no branch matches 'nope/*'\n"]);
  });

  it('skips binary blobs and gives oversized ones only the streaming text pass, with diagnostics naming the commit', async () => {
    const repo = makeRepo({ 'big.js': `${leak(OTHER)}${'// padding\n'.repeat(200)}`, 'a.js': leak(KEY) });
    repo.write('bin.js', Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x00, 0x01]));
    const first = commit(repo, 1);
    const run = await repo.jwtscan(['scan', '--history', '--format', 'json', '--max-file-size', '1000']);
    const json = JSON.parse(run.stdout) as HistoryJson;
    expect(findingsOf(run.stdout)).toEqual(['a.js:2 jwt-inline-secret', 'big.js:2 jwt-inline-secret']);
    expect(json.diagnostics).toEqual([
      expect.objectContaining({ kind: 'too-large', path: 'big.js', message: expect.stringMatching(new RegExp(`streaming text pass.*commit ${first.slice(0, 12)}`)) }),
      expect.objectContaining({ kind: 'binary', path: 'bin.js' }),
    ]);
  });

  it('resolves imported modules from the same commit tree', async () => {
    const config = (value: string) => `module.exports = { secret: ${value} };\n`;
    const route = `const jwt = require('jsonwebtoken');\nconst { secret } = require('./config');\nexports.token = (p) => jwt.sign(p, secret);\n`;
    const repo = makeRepo({ 'config.js': config(`'${KEY}'`), 'route.js': route });
    const first = commit(repo, 1);
    repo.write('config.js', config('process.env.JWT_SECRET'));
    commit(repo, 2);
    repo.write('route.js', `${route}// edited after the key was removed\n`);
    commit(repo, 3); // this route.js version imports the clean config: nothing new
    const { json } = await history(repo);
    expect(json.findings.map((f) => [f.path, f.line, f.ruleId, f.history.commit === first, f.history.presentAtHead])).toEqual([
      ['config.js', 1, 'jwt-hardcoded-secret', true, false],
    ]);
  });

  it('writes valid SARIF with the commit in the result properties and the location as of that commit; --category sets automationDetails', async () => {
    const repo = makeRepo({ 'src/first name.ts': leak(KEY) });
    const first = commit(repo, 1);
    repo.git('mv', 'src/first name.ts', 'src/second.ts');
    repo.write('src/second.ts', CLEAN);
    commit(repo, 2);
    const run = await repo.jwtscan(['scan', '--history', '--format', 'sarif', '--category', 'jwtscan-history']);
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const [result] = sarif.runs[0].results;
    expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('src/first%20name.ts');
    expect(result.properties).toEqual({ problems: ['jwt-inline-secret'], commit: first, commitDate: dateOf(1), presentAtHead: false });
    expect(sarif.runs[0].automationDetails).toEqual({ id: 'jwtscan-history/' });
  });

  it('exits 2 on an unknown --since, with --staged or --diff, and for --since without --history', async () => {
    const repo = makeRepo({ 'a.js': CLEAN });
    commit(repo, 1);
    const cases = [
      ['scan', '--history', '--since', 'no-such-ref'],
      ['scan', '--history', '--since', '--all'],
      ['scan', '--history', '--staged'],
      ['scan', '--history', '--diff', 'main'],
      ['scan', '--since', 'HEAD'],
    ];
    for (const argv of cases) {
      const run = await repo.jwtscan(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.split('\n').length, run.stderr).toBe(2);
    }
  });

  it('takes well under a few seconds on a 50-commit history', async () => {
    const repo = makeRepo();
    execFileSync('git', ['fast-import', '--quiet'], { cwd: repo.root, env: repo.env, input: fiftyCommits() });
    const started = performance.now();
    const { json, findings } = await history(repo);
    const elapsed = performance.now() - started;
    console.log(`--history on 50 commits: ${elapsed.toFixed(0)} ms, ${json.summary.filesScanned} blobs`);
    expect(findings).toEqual(['src/leak.ts:2 jwt-inline-secret']);
    expect(json.findings[0]!.history).toMatchObject({ date: '2021-03-10T12:00:00+00:00', presentAtHead: false });
    expect(json.summary.filesScanned).toBe(51);
    expect(elapsed).toBeLessThan(5000);
  });
});

/**
 * A `git fast-import` stream (one process instead of a hundred): 50 commits, one a day, editing
 * seven modules in turn; commit 10 adds a leak and commit 30 removes it.
 */
function fiftyCommits(): string {
  const file = (path: string, content: string) => `M 100644 inline ${path}\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  const commits: string[] = [];
  for (let n = 1; n <= 50; n++) {
    const time = Date.parse('2021-03-01T12:00:00Z') / 1000 + (n - 1) * 86_400;
    const files =
      n === 1
        ? file('src/index.ts', CLEAN)
        : file(`src/module-${n % 7}.ts`, `${CLEAN}${`// revision ${n}\n`.repeat(5)}`) + (n === 10 ? file('src/leak.ts', leak(KEY)) : n === 30 ? file('src/leak.ts', CLEAN) : '');
    const message = `commit ${n}\n`;
    commits.push(
      `commit refs/heads/main\nmark :${n}\nauthor T <t@jwtscan.invalid> ${time} +0000\ncommitter T <t@jwtscan.invalid> ${time} +0000\n` +
        `data ${message.length}\n${message}${n > 1 ? `from :${n - 1}\n` : ''}${files}\n`,
    );
  }
  return commits.join('');
}
