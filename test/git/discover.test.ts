import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRepository } from '../../src/git/discover.js';
import { openRepository } from '../../src/git/repository.js';
import { gitTestEnv, makeRepo, type TestRepo } from '../helpers/git-repo.js';

/** What git itself answers (as openRepository did before discovery): top-level and index file (its real path, as it may not exist yet). */
function revParse(cwd: string, env: Record<string, string>): { top: string; indexFile: string } {
  const [top = '', index = ''] = execFileSync('git', ['rev-parse', '--show-toplevel', '--git-path', 'index'], { cwd, env, encoding: 'utf8', stdio: 'pipe' }).split('\n');
  return { top, indexFile: realIndexPath(path.resolve(cwd, index)) };
}

const realIndexPath = (file: string) => path.join(fs.realpathSync(path.dirname(file)), path.basename(file));

function committed(): TestRepo {
  const repo = makeRepo({ 'a.js': 'export const a = 1;\n', 'src/deep/er/b.js': 'export const b = 2;\n' });
  repo.git('add', '.');
  repo.git('commit', '-qm', 'base');
  return repo;
}

describe('discoverRepository', () => {
  it('finds what git rev-parse finds: from the top, a subdirectory, a symlinked path, with GIT_INDEX_FILE absolute or relative', () => {
    const repo = committed();
    const link = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-link-')), 'repo');
    fs.symlinkSync(repo.root, link);
    const cases: [string, Record<string, string>][] = [
      [repo.root, repo.env],
      [path.join(repo.root, 'src/deep/er'), repo.env],
      [path.join(link, 'src'), repo.env],
      [path.join(repo.root, 'src'), { ...repo.env, GIT_INDEX_FILE: path.join(repo.root, '.git/other-index') }],
      [path.join(repo.root, 'src/deep'), { ...repo.env, GIT_INDEX_FILE: '.git/index.lock' }],
    ];
    for (const [cwd, env] of cases) {
      const found = discoverRepository({ cwd, env });
      expect(found, cwd).toBeDefined();
      expect({ top: found!.top, indexFile: realIndexPath(found!.indexFile) }, `${cwd} ${env.GIT_INDEX_FILE ?? ''}`).toEqual(revParse(cwd, env));
    }
  });

  it('leaves to git every case it does not read itself, and openRepository still answers as git does', async () => {
    const repo = committed();
    repo.git('worktree', 'add', '-q', path.join(repo.root, '..', `${path.basename(repo.root)}-wt`));
    const worktree = path.join(repo.root, '..', `${path.basename(repo.root)}-wt`);
    const relocating: [string, string, Record<string, string>][] = [
      ['a linked worktree (.git is a file)', worktree, repo.env],
      ['GIT_DIR', repo.root, { ...repo.env, GIT_DIR: path.join(repo.root, '.git') }],
      ['GIT_WORK_TREE', repo.root, { ...repo.env, GIT_WORK_TREE: repo.root }],
      ['GIT_CEILING_DIRECTORIES', path.join(repo.root, 'src'), { ...repo.env, GIT_CEILING_DIRECTORIES: repo.root }],
      ['git -c core.worktree (GIT_CONFIG_PARAMETERS)', repo.root, { ...repo.env, GIT_CONFIG_PARAMETERS: `'core.worktree'='${repo.root}'` }],
      ['git -c core.bare (GIT_CONFIG_KEY_n)', repo.root, { ...repo.env, GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'core.bare', GIT_CONFIG_VALUE_0: 'false' }],
    ];
    for (const [name, cwd, env] of relocating) {
      expect(discoverRepository({ cwd, env }), name).toBeUndefined();
      let answer: ReturnType<typeof revParse> | undefined;
      try {
        answer = revParse(cwd, env);
      } catch {
        await expect(openRepository({ cwd, env }, 'test'), name).rejects.toThrow(/test needs a git repository/); // as git refuses
        continue;
      }
      const opened = await openRepository({ cwd, env }, 'test');
      expect({ top: opened.top, indexFile: realIndexPath(opened.indexFile) }, name).toEqual(answer);
    }
  });

  it('asks git when the repository config may move the work tree or make it bare', () => {
    for (const setting of ['[core]\n\tworktree = /elsewhere\n', '[core]\n\tBare\n', '[core]\n\tbare = yes\n', '[include]\n\tpath = more.config\n', '[extensions]\n\tworktreeConfig = true\n']) {
      const repo = committed();
      expect(discoverRepository({ cwd: repo.root, env: repo.env }), 'before').toBeDefined();
      fs.appendFileSync(path.join(repo.root, '.git/config'), setting);
      expect(discoverRepository({ cwd: repo.root, env: repo.env }), setting).toBeUndefined();
    }
  });

  it('finds nothing inside the git directory, in a bare repository, or outside any repository', () => {
    const repo = committed();
    expect(discoverRepository({ cwd: path.join(repo.root, '.git'), env: repo.env })).toBeUndefined();
    expect(discoverRepository({ cwd: path.join(repo.root, '.git/refs/heads'), env: repo.env })).toBeUndefined();
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bare-'));
    execFileSync('git', ['init', '-q', '--bare', bare], { env: gitTestEnv() });
    expect(discoverRepository({ cwd: bare, env: gitTestEnv() })).toBeUndefined();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-outside-'));
    expect(discoverRepository({ cwd: outside, env: gitTestEnv() })).toBeUndefined();
    expect(discoverRepository({ cwd: path.join(outside, 'missing'), env: gitTestEnv() })).toBeUndefined();
  });

  it.skipIf(process.geteuid?.() !== 0)('asks git about a repository another user owns (git may refuse it as dubious)', () => {
    const repo = committed();
    fs.chownSync(repo.root, 4242, 4242);
    expect(discoverRepository({ cwd: repo.root, env: repo.env })).toBeUndefined();
  });
});
