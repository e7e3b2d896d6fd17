/**
 * Finds the repository the way git does, without starting git, in the plain case: the working
 * directory is inside a work tree whose `.git` is a directory, with no environment or configuration
 * that moves the git directory or the work tree. Anything else returns undefined and the caller asks
 * `git rev-parse`, which knows every rule (gitdir files of worktrees and submodules, GIT_DIR,
 * core.worktree, ceilings, filesystem boundaries, ownership checks, bare repositories).
 *
 * Why not always ask git: a pre-commit scan starts git processes, and on small virtual machines
 * each one costs ~10 ms of fork and exec plus a fault for every page of this process written after
 * the fork (copy-on-write): `rev-parse` alone was ~16 ms of a staged scan's wall time.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { GitContext, Repository } from './git.js';

/** Variables that move the git directory, the work tree or where discovery stops. */
const RELOCATING = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_OBJECT_DIRECTORY', 'GIT_DISCOVERY_ACROSS_FILESYSTEM'];
/** Configuration that can move the work tree or make the repository bare (read from the repository's config). */
const RELOCATING_CONFIG = /worktree|include|^\s*bare\s*(?:=\s*(?:true|yes|on|1)\s*)?(?:[#;].*)?$/im;

export function discoverRepository(context: GitContext): Repository | undefined {
  if (process.platform === 'win32') return undefined; // git's paths there are its own (C:/…); ask it
  const env = context.env;
  if (RELOCATING.some((name) => env[name] !== undefined)) return undefined;
  if (commandLineConfig(env).some((entry) => /core\.(?:worktree|bare)/i.test(entry))) return undefined;
  let dir: string;
  try {
    dir = fs.realpathSync.native(context.cwd);
  } catch {
    return undefined;
  }
  const uid = process.geteuid?.();
  let device: number | undefined;
  for (;;) {
    const here = fs.statSync(dir, { throwIfNoEntry: false });
    if (!here) return undefined;
    // git stops at a filesystem boundary, and refuses a repository another user owns: let it say so.
    if (device !== undefined && here.dev !== device) return undefined;
    device = here.dev;
    const dotGit = path.join(dir, '.git');
    const dotGitStat = fs.lstatSync(dotGit, { throwIfNoEntry: false });
    if (dotGitStat) {
      if (!dotGitStat.isDirectory() || !isGitDirectory(dotGit)) return undefined; // a gitdir file (worktree, submodule), or not a repository
      if (uid !== undefined && (here.uid !== uid || dotGitStat.uid !== uid)) return undefined;
      if (relocatedByConfig(dotGit)) return undefined;
      return { ...context, top: dir, indexFile: indexFileOf(env, dir, dotGit) };
    }
    // The working directory is inside a git directory (a bare repository, or .git itself): no work tree.
    if (isGitDirectory(dir)) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** What git checks before it takes a directory for a repository: HEAD, objects/ and refs/. */
function isGitDirectory(dir: string): boolean {
  return (
    fs.statSync(path.join(dir, 'HEAD'), { throwIfNoEntry: false })?.isFile() === true &&
    fs.statSync(path.join(dir, 'objects'), { throwIfNoEntry: false })?.isDirectory() === true &&
    fs.statSync(path.join(dir, 'refs'), { throwIfNoEntry: false })?.isDirectory() === true
  );
}

/**
 * Whether the repository's config may set core.worktree or core.bare, directly, by an include, or
 * in a per-worktree config file. Deliberately coarse: any mention means "ask git".
 */
function relocatedByConfig(gitDir: string): boolean {
  try {
    return RELOCATING_CONFIG.test(fs.readFileSync(path.join(gitDir, 'config'), 'utf8'));
  } catch {
    return true;
  }
}

/** `git -c` settings handed down to hooks: GIT_CONFIG_PARAMETERS and GIT_CONFIG_KEY_<n>. */
function commandLineConfig(env: GitContext['env']): string[] {
  const entries = env.GIT_CONFIG_PARAMETERS !== undefined ? [env.GIT_CONFIG_PARAMETERS] : [];
  const count = Number(env.GIT_CONFIG_COUNT ?? 0);
  for (let i = 0; i < count && i < 1000; i++) entries.push(env[`GIT_CONFIG_KEY_${i}`] ?? '');
  return entries;
}

/** GIT_INDEX_FILE when set (git resolves a relative one against the top-level), else the repository's index. */
function indexFileOf(env: GitContext['env'], top: string, gitDir: string): string {
  const named = env.GIT_INDEX_FILE;
  if (named !== undefined && named !== '') return path.resolve(top, named);
  return path.join(gitDir, 'index');
}
