/**
 * The lines `--diff <ref>` reports on: what changed between the merge base of <ref> and HEAD and
 * the content that is scanned, i.e. the working tree (committed and uncommitted changes, untracked
 * files whole), or the index with `--staged`. In CI the working tree is the checkout, so this is
 * exactly the branch's commits.
 */
import { UsageError } from '../scan.js';
import { parseUnifiedZero, WHOLE_FILE, type ChangedLines, type LineRange } from './changed-lines.js';
import type { ChangedRanges } from './diff-filter.js';
import { git, GitError, gitSync, splitNul, type Repository } from './git.js';
import { repoPaths } from './repo-paths.js';

export async function changedSince(repository: Repository, ref: string, options: { staged: boolean }): Promise<ChangedLines> {
  const mergeBase = await findMergeBase(repository, ref);
  // Explicit options, so user configuration (diff.noprefix, diff.external, color.diff, diff.relative,
  // diff.renames, textconv drivers) cannot change what is parsed.
  const args = ['diff', '-U0', '-M', '--no-ext-diff', '--no-color', '--no-textconv', '--no-relative', '--src-prefix=a/', '--dst-prefix=b/'];
  const [patch, untracked] = await Promise.all([
    git(repository, [...args, ...(options.staged ? ['--cached'] : []), mergeBase, '--']),
    // From the top-level: ls-files only lists below its working directory.
    options.staged ? undefined : git({ ...repository, cwd: repository.top }, ['ls-files', '--others', '--exclude-standard', '-z', '--full-name']),
  ]);
  const changed = parseUnifiedZero(patch);
  for (const name of untracked ? splitNul(untracked) : []) changed.set(name.toString('utf8'), [WHOLE_FILE]);
  return changed;
}

/** Re-keys top-relative paths by the scan base, as findings name files. */
export function relativeToBase(changed: ChangedLines, top: string, base: string): ChangedRanges {
  const paths = repoPaths(top, base);
  const out = new Map<string, LineRange[]>();
  for (const [name, ranges] of changed) {
    const relative = paths.fromTop(name);
    if (relative !== undefined) out.set(relative, ranges);
  }
  return out;
}

async function findMergeBase(repository: Repository, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`--diff: '${ref}' is not a git revision`);
  try {
    return (await git(repository, ['merge-base', ref, 'HEAD'])).toString('utf8').trim();
  } catch (error) {
    // Only now tell an unknown ref from unrelated histories (one process less on the way that works).
    try {
      gitSync(repository, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    } catch {
      throw new UsageError(`--diff: unknown revision '${ref}' (in CI, fetch it first: actions/checkout with fetch-depth: 0)`);
    }
    const detail = error instanceof GitError && error.detail ? `: ${error.detail}` : '';
    throw new UsageError(`--diff: no merge base between '${ref}' and HEAD${detail} (a shallow clone needs more history: fetch-depth: 0)`);
  }
}
