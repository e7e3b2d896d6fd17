/**
 * Which commits `scan --history` covers, as `git rev-list` / `git log` arguments: every ref
 * (`--all`, so other branches, tags and the stash count too), or the branches matching a pattern,
 * minus the commits reachable from `--since <rev>` (`<rev>..`). Both are checked before the scan.
 */
import { UsageError } from '../scan.js';
import { git, gitSync, type Repository } from './git.js';

export interface HistoryRangeOptions {
  since?: string;
  /** A `git rev-list --branches=<pattern>` pattern (a glob on refs/heads/). */
  branches?: string;
}

export async function historyRange(repository: Repository, options: HistoryRangeOptions): Promise<string[]> {
  const revs = options.branches !== undefined ? branchRevs(repository, options.branches) : ['--all'];
  if (options.branches !== undefined && (await git(repository, ['rev-list', '-n1', ...revs, '--'])).length === 0) {
    throw new UsageError(`--branches: no branch matches '${options.branches}'`);
  }
  if (options.since !== undefined) revs.push(`^${resolveCommit(repository, options.since)}`);
  return revs;
}

/**
 * git's `--branches=<pattern>`; git reads a pattern without `*`, `?` or `[` as a directory
 * (`main` → `refs/heads/main/*`), so a plain name also takes the branch of that name.
 */
function branchRevs(repository: Repository, pattern: string): string[] {
  if (pattern === '') throw new UsageError('--branches needs a pattern, e.g. --branches "release/*"');
  const revs = [`--branches=${pattern}`];
  if (!/[*?[]/.test(pattern)) {
    try {
      gitSync(repository, ['rev-parse', '--verify', '--quiet', `refs/heads/${pattern}`]);
      revs.push(`refs/heads/${pattern}`);
    } catch {
      // no branch of that name: only the directory form can match
    }
  }
  return revs;
}

function resolveCommit(repository: Repository, rev: string): string {
  if (rev === '' || rev.startsWith('-')) throw new UsageError(`--since: '${rev}' is not a git revision`);
  try {
    return gitSync(repository, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new UsageError(`--since: unknown revision '${rev}' (in CI, fetch it first: actions/checkout with fetch-depth: 0)`);
  }
}
