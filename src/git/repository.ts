/**
 * The repository a git feature (--staged, --diff, --history, install-hook) works in: found from the
 * user's working directory, or a usage error naming the feature.
 */
import path from 'node:path';
import { UsageError } from '../scan.js';
import { git, GitError, type GitContext, type Repository } from './git.js';
import { discoverRepository } from './discover.js';
import { REPOSITORY_PATHS } from './staged-commands.js';

/**
 * The repository the user is in, or a UsageError naming the feature that needs one.
 * Bare repositories have no working tree to report paths against, so they count as outside.
 */
export async function openRepository(context: GitContext, feature: string): Promise<Repository> {
  const found = discoverRepository(context);
  if (found) return found;
  let lines: string[];
  try {
    lines = (await git(context, REPOSITORY_PATHS)).toString('utf8').split('\n');
  } catch (error) {
    const detail = error instanceof GitError ? error.detail : String(error);
    throw new UsageError(`${feature} needs a git repository (${detail})`);
  }
  const [top = '', indexFile = ''] = lines;
  if (top === '') throw new UsageError(`${feature} needs a git working tree, not a bare repository`);
  // --git-path answers relative to the working directory.
  return { ...context, top, indexFile: path.resolve(context.cwd, indexFile) };
}
