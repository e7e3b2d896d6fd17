import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HOOK_BLOCK } from '../../src/git/install-hook.js';
import { CLEAN, leak, makeRepo, runCli, type TestRepo } from '../helpers/git-repo.js';
import { ROOT } from '../helpers/scan-helpers.js';

const KEY = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuHook';
const FOREIGN = '#!/bin/sh\necho "their hook ran" > .git/their-hook-ran\nexec true\n';

const hookFile = (repo: TestRepo, dir = '.git/hooks') => path.join(repo.root, dir, 'pre-commit');
const isExecutable = (file: string) => (fs.statSync(file).mode & 0o111) === 0o111;

describe('jwtscan install-hook', () => {
  it('writes an executable pre-commit hook that runs scan --staged, and is idempotent', async () => {
    const repo = makeRepo();
    const first = await repo.jwtscan(['install-hook']);
    expect(first).toEqual({ code: 0, stdout: `Installed the jwtscan pre-commit hook: ${hookFile(repo)}\n`, stderr: '' });
    const written = fs.readFileSync(hookFile(repo), 'utf8');
    expect(written).toBe(`#!/bin/sh\n${HOOK_BLOCK}`);
    expect(written).toContain('./node_modules/.bin/jwtscan scan --staged');
    expect(isExecutable(hookFile(repo))).toBe(true);
    expect(spawnSync('sh', ['-n', hookFile(repo)]).status).toBe(0); // valid shell syntax
    // Without jwtscan anywhere, one line says so and the commit stops with 2 (not npm's error, not 1).
    const missing = spawnSync('sh', [hookFile(repo)], { cwd: repo.root, env: { PATH: '/usr/bin:/bin' }, encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('jwtscan is not installed: run npm install --save-dev jwtscan, or remove this hook (git commit --no-verify skips it once)\n');

    const again = await repo.jwtscan(['install-hook']);
    expect(again.stdout).toContain('already installed');
    expect(fs.readFileSync(hookFile(repo), 'utf8')).toBe(written);
  });

  it('never clobbers a hook that is not ours: exit 2 without --force or --chain', async () => {
    const repo = makeRepo({ '.git/hooks/pre-commit': FOREIGN });
    const refused = await repo.jwtscan(['install-hook']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^jwtscan: .*pre-commit already exists and is not jwtscan's\. Use --chain .* or --force .*\n$/);
    expect(fs.readFileSync(hookFile(repo), 'utf8')).toBe(FOREIGN);

    expect((await repo.jwtscan(['install-hook', '--force'])).stdout).toContain('Replaced');
    expect(fs.readFileSync(hookFile(repo), 'utf8')).toBe(`#!/bin/sh\n${HOOK_BLOCK}`);
  });

  it('--chain puts our block right after the shebang of a shell hook, once; refuses other languages', async () => {
    const repo = makeRepo({ '.git/hooks/pre-commit': FOREIGN });
    fs.chmodSync(hookFile(repo), 0o700);
    expect((await repo.jwtscan(['install-hook', '--chain'])).stdout).toContain('Added jwtscan to the existing pre-commit hook');
    const chained = fs.readFileSync(hookFile(repo), 'utf8');
    expect(chained).toBe(`#!/bin/sh\n${HOOK_BLOCK}echo "their hook ran" > .git/their-hook-ran\nexec true\n`);
    expect(fs.statSync(hookFile(repo)).mode & 0o777).toBe(0o711);
    expect((await repo.jwtscan(['install-hook', '--chain'])).stdout).toContain('already installed');
    expect(fs.readFileSync(hookFile(repo), 'utf8')).toBe(chained);

    const python = makeRepo({ '.git/hooks/pre-commit': '#!/usr/bin/env python3\nprint("hi")\n' });
    const refused = await python.jwtscan(['install-hook', '--chain']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/is not a shell script/);
  });

  it('honours core.hooksPath (relative to the top-level, also from a subdirectory) and worktrees', async () => {
    const repo = makeRepo({ 'sub/x.js': '' });
    repo.git('config', 'core.hooksPath', 'tools/hooks');
    const result = await repo.jwtscan(['install-hook'], { cwd: path.join(repo.root, 'sub') });
    expect(result.code).toBe(0);
    expect(fs.existsSync(hookFile(repo, 'tools/hooks'))).toBe(true);
    expect(fs.existsSync(hookFile(repo))).toBe(false);

    const main = makeRepo({ 'a.js': CLEAN });
    main.git('add', '.');
    main.git('commit', '-qm', 'base');
    const worktree = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-wt-')), 'wt');
    main.git('worktree', 'add', '-q', worktree);
    expect((await main.jwtscan(['install-hook'], { cwd: worktree })).code).toBe(0);
    expect(fs.existsSync(hookFile(main))).toBe(true); // hooks are shared by every worktree
  });

  it('points husky users at .husky/pre-commit, and exits 2 outside a repository', async () => {
    const repo = makeRepo({ '.husky/_/pre-commit': '#!/usr/bin/env sh\n. "$(dirname "$0")/h"\n' });
    repo.git('config', 'core.hooksPath', '.husky/_');
    const refused = await repo.jwtscan(['install-hook']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('add `jwtscan scan --staged` to .husky/pre-commit instead');

    const outside = await runCli(['install-hook'], { cwd: fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-nogit-')) });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toMatch(/^jwtscan: install-hook needs a git repository/);
  });
});

/**
 * The installed hook under a real `git commit`, running the built CLI through node_modules/.bin
 * (as an npm-installed jwtscan would). Needs `npm run build` after the last change to src/.
 */
const CLI = path.join(ROOT, 'dist/src/cli.js');
const staleDist = (() => {
  const built = (file: string) => fs.statSync(path.join(ROOT, 'dist', file.replace(/\.ts$/, '.js')), { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const sources = ['src/main.ts', ...fs.readdirSync(path.join(ROOT, 'src/git')).map((f) => `src/git/${f}`)];
  return sources.some((file) => built(file) < fs.statSync(path.join(ROOT, file)).mtimeMs);
})();

describe.skipIf(staleDist).concurrent('the installed hook in a real git commit (skipped unless dist/ is built from the current src: npm run build)', () => {
  function repoWithBuiltJwtscan(hook?: string): TestRepo {
    const repo = makeRepo({ '.gitignore': 'node_modules/\n', 'a.js': CLEAN, 'node_modules/.bin/jwtscan': `#!/bin/sh\nexec node "${CLI}" "$@"\n` });
    fs.chmodSync(path.join(repo.root, 'node_modules/.bin/jwtscan'), 0o755);
    if (hook !== undefined) {
      repo.write('.git/hooks/pre-commit', hook);
      fs.chmodSync(hookFile(repo), 0o755);
    }
    return repo;
  }
  const commit = (repo: TestRepo) => spawnSync('git', ['commit', '-q', '-m', 'test'], { cwd: repo.root, env: repo.env, encoding: 'utf8' });

  it('blocks a commit of jwt.sign(p, "hardcoded-secret-value") and says what to do', async () => {
    const repo = repoWithBuiltJwtscan();
    expect((await repo.jwtscan(['install-hook'])).code).toBe(0);
    repo.write('a.js', `const jwt = require('jsonwebtoken');\nexports.t = (p) => jwt.sign(p, 'hardcoded-secret-value');\n`);
    repo.git('add', '.');
    const blocked = commit(repo);
    expect(blocked.status).toBe(1);
    // git sends a hook's stdout to its stderr: the report, then the advice.
    expect(blocked.stderr).toMatch(/^a\.js:2:\d+ {2}error {2}jwt-inline-secret[^]*ROTATE[^]*git commit --no-verify/m);
    expect(spawnSync('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: repo.root, env: repo.env }).status).not.toBe(0);
  });

  it('a chained hook runs ours first, then theirs; a leak stops before theirs runs, a clean commit passes', async () => {
    const repo = repoWithBuiltJwtscan(FOREIGN);
    expect((await repo.jwtscan(['install-hook', '--chain'])).code).toBe(0);
    repo.write('b.ts', leak(KEY));
    repo.git('add', '.');
    expect(commit(repo).status).toBe(1);
    expect(fs.existsSync(path.join(repo.root, '.git/their-hook-ran'))).toBe(false);
    repo.git('rm', '-q', '--cached', 'b.ts');
    expect(commit(repo).status).toBe(0);
    expect(fs.existsSync(path.join(repo.root, '.git/their-hook-ran'))).toBe(true);
  });
});
