/**
 * The repository a git feature (--staged, --diff, --history, install-hook) works in: found from the
 * user's working directory, or a usage error naming the feature.
 */
import { UsageError } from '../scan.js';
import { git, GitError, type GitContext, type Repository } from './git.js';
import { SHOW_TOPLEVEL } from './staged-commands.js';

/**
 * The repository the user is in, or a UsageError naming the feature that needs one.
 * Bare repositories have no working tree to report paths against, so they count as outside.
 */
export async function openRepository(context: GitContext, feature: string): Promise<Repository> {
  let top: string;
  try {
    top = (await git(context, SHOW_TOPLEVEL)).toString('utf8').replace(/\n$/, '');
  } catch (error) {
    const detail = error instanceof GitError ? error.detail : String(error);
    throw new UsageError(`${feature} needs a git repository (${detail})`);
  }
  if (top === '') throw new UsageError(`${feature} needs a git working tree, not a bare repository`);
  return { ...context, top };
}
