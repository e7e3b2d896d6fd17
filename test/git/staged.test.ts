import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRepository } from '../../src/git/repository.js';
import { stagedSource } from '../../src/git/staged-source.js';
import { CLEAN, findingsOf, leak, loggingGit, makeRepo, runCli, type TestRepo } from '../helpers/git-repo.js';

const KEY = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg1';
const OTHER = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg2';

async function stagedFindings(repo: TestRepo, argv: string[] = [], cwd = repo.root) {
  const run = await repo.jwtscan(['scan', '--staged', '--format', 'json', ...argv], { cwd });
  expect(run.stderr.split('\n')[0], run.stderr).not.toMatch(/internal error|needs a git/);
  return { code: run.code, findings: findingsOf(run.stdout), json: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('scan --staged', () => {
  it('judges a partially staged file by its staged version, both ways', async () => {
    const repo = makeRepo({ 'staged-leak.js': CLEAN, 'worktree-leak.js': CLEAN });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('staged-leak.js', leak(KEY));
    repo.write('worktree-leak.js', `${CLEAN}// staged edit\n`);
    repo.git('add', '.');
    repo.write('staged-leak.js', CLEAN); // the leak is removed only in the working tree
    repo.write('worktree-leak.js', leak(OTHER)); // and this one exists only in the working tree

    const staged = await stagedFindings(repo);
    expect(staged.code).toBe(1);
    expect(staged.findings).toEqual(['staged-leak.js:2 jwt-inline-secret']);
    expect(staged.json.summary.filesScanned).toBe(2);
    // The working-tree scan sees the opposite.
    expect(findingsOf((await repo.jwtscan(['scan', '--format', 'json'])).stdout)).toEqual(['worktree-leak.js:2 jwt-inline-secret']);
  });

  it('scans added, renamed and copied files, and only those with staged content', async () => {
    const repo = makeRepo({ 'old-name.ts': leak(KEY), 'untouched.js': leak(OTHER) });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    fs.mkdirSync(path.join(repo.root, 'src'));
    repo.git('mv', 'old-name.ts', 'src/new-name.ts');
    repo.write('added.mts', leak(OTHER));
    fs.copyFileSync(path.join(repo.root, 'untouched.js'), path.join(repo.root, 'copy.cjs'));
    repo.write('notes.md', 'jwt.sign(p, "not source")');
    repo.git('add', '.');
    const { findings } = await stagedFindings(repo);
    expect(findings).toEqual(['added.mts:2 jwt-inline-secret', 'copy.cjs:2 jwt-inline-secret', 'src/new-name.ts:2 jwt-inline-secret']);
  });

  it('handles names with a space, a newline, non-ASCII and non-UTF-8 bytes, and glob characters', async () => {
    const repo = makeRepo();
    const names = ['dir with space/a b.js', 'new\nline.ts', 'café/ünïcode.tsx', 'app/[id]/(group)/page.jsx'];
    for (const name of names) repo.write(name, leak(KEY));
    repo.write(Buffer.from([0x6c, 0x61, 0x74, 0x69, 0x6e, 0xe9, 0x2e, 0x6a, 0x73]), leak(KEY)); // "latin\xE9.js"
    repo.git('add', '.');
    const { findings, json } = await stagedFindings(repo);
    expect(findings).toEqual(
      ['app/[id]/(group)/page.jsx', 'café/ünïcode.tsx', 'dir with space/a b.js', 'latin\uFFFD.js', 'new\nline.ts'].map((f) => `${f}:2 jwt-inline-secret`),
    );
    expect(json.diagnostics).toEqual([expect.objectContaining({ kind: 'encoding', path: 'latin\uFFFD.js' })]);
  });

  it('reads the index that GIT_INDEX_FILE names', async () => {
    const repo = makeRepo({ 'a.js': CLEAN });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    const alternate = path.join(repo.root, '.git', 'alternate-index');
    fs.copyFileSync(path.join(repo.root, '.git', 'index'), alternate);
    repo.write('a.js', leak(KEY));
    const env = { ...repo.env, GIT_INDEX_FILE: alternate };
    execFileSync('git', ['add', 'a.js'], { cwd: repo.root, env });
    expect((await stagedFindings(repo)).findings).toEqual([]); // the default index has nothing staged
    const withAlternate = await repo.jwtscan(['scan', '--staged', '--format', 'json'], { env });
    expect(findingsOf(withAlternate.stdout)).toEqual(['a.js:2 jwt-inline-secret']);
    // A relative GIT_INDEX_FILE (as `git commit` sets it) is relative to the top-level, also from a subdirectory.
    fs.mkdirSync(path.join(repo.root, 'sub'));
    const relative = await repo.jwtscan(['scan', '--staged', '--format', 'json'], { env: { ...repo.env, GIT_INDEX_FILE: '.git/alternate-index' }, cwd: path.join(repo.root, 'sub') });
    expect(findingsOf(relative.stdout)).toEqual(['a.js:2 jwt-inline-secret']);
  });

  it('applies paths, --include, --exclude and skips node_modules, symlinks and submodule-like entries', async () => {
    const repo = makeRepo();
    for (const name of ['src/a.js', 'src/gen/b.js', 'test/c.js', 'node_modules/x/d.js']) repo.write(name, leak(KEY));
    fs.symlinkSync('a.js', path.join(repo.root, 'src/link.js'));
    repo.git('add', '-f', '.');
    expect((await stagedFindings(repo)).findings).toEqual(['src/a.js', 'src/gen/b.js', 'test/c.js'].map((f) => `${f}:2 jwt-inline-secret`));
    expect((await stagedFindings(repo, ['src', '--exclude', 'src/gen'])).findings).toEqual(['src/a.js:2 jwt-inline-secret']);
    expect((await stagedFindings(repo, ['--include', 'test/**'])).findings).toEqual(['test/c.js:2 jwt-inline-secret']);
    const { json } = await stagedFindings(repo, ['src/a.js']);
    expect(json.summary.filesScanned).toBe(1);
    expect((await stagedFindings(repo)).json.diagnostics).toEqual([expect.objectContaining({ kind: 'symlink', path: 'src/link.js' })]);
  });

  it('scans the whole index from a subdirectory and reports paths relative to the repository root', async () => {
    const repo = makeRepo({ 'pkg/api/a.js': leak(KEY), 'b.js': leak(OTHER) });
    repo.git('add', '.');
    const { findings } = await stagedFindings(repo, [], path.join(repo.root, 'pkg/api'));
    expect(findings).toEqual(['b.js:2 jwt-inline-secret', 'pkg/api/a.js:2 jwt-inline-secret']);
  });

  it('works on an unborn branch, skips files over --max-file-size, and finds nothing when nothing is staged', async () => {
    const repo = makeRepo({ 'a.js': leak(KEY), 'big.js': `${leak(OTHER)}//${'x'.repeat(4000)}\n` });
    expect((await stagedFindings(repo)).json.summary.filesScanned).toBe(0);
    repo.git('add', '.');
    const { findings, json } = await stagedFindings(repo, ['--max-file-size', '1000']);
    expect(findings).toEqual(['a.js:2 jwt-inline-secret']);
    expect(json.diagnostics).toEqual([expect.objectContaining({ kind: 'too-large', path: 'big.js' })]);
  });

  it('prints what to do after the report when findings block the commit, and nothing when clean', async () => {
    const repo = makeRepo({ 'a.js': leak(KEY) });
    repo.git('add', '.');
    const blocked = await repo.jwtscan(['scan', '--staged']);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('a.js:2:');
    for (const advice of ['environment variable or a secrets manager', 'ROTATE', '// jwtscan-ignore-next-line jwt-inline-secret -- ', 'git commit --no-verify']) {
      expect(blocked.stderr).toContain(advice);
    }
    expect((await repo.jwtscan(['scan', '--staged', '--fail-on', 'none'])).stderr).toBe('');
    expect((await repo.jwtscan(['scan', '--staged', '--quiet'])).stderr).toBe('');
    expect((await repo.jwtscan(['scan'])).stderr).toBe(''); // not a commit: no advice
  });

  it('exits 2 with one line outside a repository', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-nogit-'));
    const { code, stderr } = await runCli(['scan', '--staged'], { cwd: outside });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^jwtscan: --staged needs a git repository \(.*\)\n$/);
  });

  it('reads a fully staged file from the working tree, and starts git cat-file only for the others', async () => {
    const repo = makeRepo({ 'a.js': leak(KEY), 'b.js': leak(OTHER) });
    repo.git('add', '.');
    const logging = loggingGit(repo.env);
    const repository = { cwd: repo.root, top: repo.root, indexFile: path.join(repo.root, '.git/index'), env: logging.env };
    const readAll = async () => {
      logging.reset();
      const source = stagedSource({ repository, base: repo.root, targets: [repo.root], include: [], exclude: [] });
      const { files } = await source.list();
      const texts = await Promise.all(files.map(async (file) => ((read) => (read.ok ? read.text : read.diagnostic.kind))(await source.read(file, 100_000))));
      return { texts, calls: logging.calls() };
    };
    const clean = await readAll();
    expect(clean.texts).toEqual([leak(KEY), leak(OTHER)]);
    expect(clean.calls).not.toContain('cat-file');
    repo.write('b.js', CLEAN); // staged content no longer in the working tree
    const partial = await readAll();
    expect(partial.texts).toEqual([leak(KEY), leak(OTHER)]);
    expect(partial.calls).toContain('cat-file');
  });

  it('readModule returns the staged version of a tracked module, undefined for untracked ones', async () => {
    const repo = makeRepo({ 'lib/keys.js': `export const KEY = 'committed';\n`, 'lib/same.js': `export const SAME = 'unchanged';\n`, 'lib/crlf.js': `export const EOL = 'lf';\n` });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('lib/keys.js', `export const KEY = 'staged';\n`);
    repo.git('add', '.');
    repo.write('lib/keys.js', `export const KEY = 'working tree';\n`);
    // Same text as the index except line ends: not the staged bytes, so not read from disk.
    repo.write('lib/crlf.js', `export const EOL = 'lf';\r\n`);
    repo.write('lib/untracked.js', 'export {};\n');
    repo.write('1:odd.js', 'export const odd = 1;\n');
    repo.git('add', '1:odd.js');
    const repository = await openRepository({ cwd: repo.root, env: repo.env }, 'test');
    const sourceOf = () => stagedSource({ repository, base: repo.root, targets: [repo.root], include: [], exclude: [] });
    const source = sourceOf();
    expect(source.readModule(path.join(repo.root, 'lib/keys.js'), 1000)).toBe(`export const KEY = 'staged';\n`);
    expect(source.readModule(path.join(repo.root, '1:odd.js'), 1000)).toBe('export const odd = 1;\n');
    expect(source.readModule(path.join(repo.root, 'lib/untracked.js'), 1000)).toBeUndefined();
    expect(sourceOf().readModule(path.join(repo.root, 'lib/keys.js'), 10)).toBeUndefined(); // over the size limit
    expect(source.readModule(path.join(os.tmpdir(), 'elsewhere.js'), 1000)).toBeUndefined();
    expect(source.readModule(path.join(repo.root, 'lib/same.js'), 1000)).toBe(`export const SAME = 'unchanged';\n`);
    expect(source.readModule(path.join(repo.root, 'lib/crlf.js'), 1000)).toBe(`export const EOL = 'lf';\n`);

    // The same answers when the listing was prepared asynchronously before the scan's first parse.
    const prepared = sourceOf();
    await prepared.list();
    await prepared.prepareModules?.();
    for (const name of ['lib/keys.js', '1:odd.js', 'lib/untracked.js', 'lib/same.js', 'lib/crlf.js']) {
      expect(prepared.readModule(path.join(repo.root, name), 1000), name).toBe(source.readModule(path.join(repo.root, name), 1000));
    }

    // A split index is not read directly: git lists it, with the same answers.
    repo.git('update-index', '--split-index');
    const split = sourceOf();
    await split.prepareModules?.();
    for (const name of ['lib/keys.js', '1:odd.js', 'lib/untracked.js', 'lib/same.js', 'lib/crlf.js']) {
      expect(split.readModule(path.join(repo.root, name), 1000), name).toBe(source.readModule(path.join(repo.root, name), 1000));
    }
  });
});

/**
 * A real `git commit` whose pre-commit hook hands its environment and working directory to the
 * test, waits while the test runs `scan --staged` in-process with exactly that environment, and
 * exits with the scan's exit code. Covers each GIT_INDEX_FILE form git uses for its hooks.
 */
async function commitThroughHook(repo: TestRepo, commitArgs: string[]): Promise<{ scanCode: number; findings: string[]; indexFile: string; commitCode: number }> {
  const handoff = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-hook-'));
  repo.write(
    '.git/hooks/pre-commit',
    `#!/bin/sh\npwd > "$HANDOFF/cwd"\nenv -0 > "$HANDOFF/env.tmp" && mv "$HANDOFF/env.tmp" "$HANDOFF/env"\n` +
      `while [ ! -f "$HANDOFF/verdict" ]; do sleep 0.02; done\nexit "$(cat "$HANDOFF/verdict")"\n`,
  );
  fs.chmodSync(path.join(repo.root, '.git/hooks/pre-commit'), 0o755);
  const commit = spawn('git', ['commit', '-q', '-m', 'test', ...commitArgs], { cwd: repo.root, env: { ...repo.env, HANDOFF: handoff }, stdio: 'ignore' });
  const exited = new Promise<number>((resolve) => commit.on('exit', (code) => resolve(code ?? -1)));
  const envFile = path.join(handoff, 'env');
  for (let waited = 0; !fs.existsSync(envFile); waited += 10) {
    if (waited > 10_000 || commit.exitCode !== null) throw new Error('the pre-commit hook did not start');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  // GNU env: NUL-separated, so values with newlines survive.
  const hookEnv = Object.fromEntries(
    fs
      .readFileSync(envFile, 'utf8')
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  const cwd = fs.readFileSync(path.join(handoff, 'cwd'), 'utf8').trim();
  const run = await runCli(['scan', '--staged', '--format', 'json'], { cwd, env: hookEnv });
  fs.writeFileSync(path.join(handoff, 'verdict'), String(run.code));
  return { scanCode: run.code, findings: findingsOf(run.stdout), indexFile: hookEnv.GIT_INDEX_FILE ?? '', commitCode: await exited };
}

describe('scan --staged inside a running git commit', () => {
  const setup = () => {
    const repo = makeRepo({ 'a.js': CLEAN, 'b.js': CLEAN });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    return repo;
  };

  it('git commit (GIT_INDEX_FILE=.git/index, relative): blocks a staged leak', async () => {
    const repo = setup();
    repo.write('a.js', leak(KEY));
    repo.git('add', 'a.js');
    repo.write('a.js', CLEAN);
    const result = await commitThroughHook(repo, []);
    expect(result).toEqual({ scanCode: 1, findings: ['a.js:2 jwt-inline-secret'], indexFile: '.git/index', commitCode: 1 });
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('git commit -a (GIT_INDEX_FILE=…/index.lock): sees unstaged tracked changes', async () => {
    const repo = setup();
    repo.write('b.js', leak(KEY));
    const result = await commitThroughHook(repo, ['-a']);
    expect(result.indexFile).toMatch(/index\.lock$/);
    expect(result).toMatchObject({ scanCode: 1, findings: ['b.js:2 jwt-inline-secret'], commitCode: 1 });
  });

  it('git commit <path> (a temporary next-index): only that path, not the other staged files', async () => {
    const repo = setup();
    repo.write('a.js', leak(KEY));
    repo.git('add', 'a.js'); // staged, but not part of this commit
    repo.write('b.js', `${CLEAN}// edited\n`);
    const result = await commitThroughHook(repo, ['b.js']);
    expect(result.indexFile).toMatch(/next-index-\d+\.lock$/);
    expect(result).toMatchObject({ scanCode: 0, findings: [], commitCode: 0 });
    expect(repo.git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('b.js');
  });
});
