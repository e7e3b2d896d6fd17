/** The git commands `scan --staged` runs, named once, and the start of the first ones side by side. */
import { discoverRepository } from './discover.js';
import { startEarly, type GitContext, type Repository } from './git.js';

/** The working tree's top-level directory, and the index file (both on one line each). */
export const REPOSITORY_PATHS = ['rev-parse', '--show-toplevel', '--git-path', 'index'];

/** Added, copied, modified, renamed and type-changed entries: everything the commit adds content with. */
export const STAGED_DIFF = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--diff-filter=ACMRT', '--no-ext-diff', '--no-relative'];

/** Every stage-0 entry of the index, for cross-file resolution of staged files. */
export const LIST_INDEX = ['ls-files', '-s', '-z', '--cached'];
export const LIST_INDEX_OPTIONS = { maxBuffer: 512 * 1024 * 1024 };

/**
 * Starts the commands a staged scan begins with, together: the index diff, and `rev-parse` when the
 * repository cannot be found without it (they are independent; each git process takes ~10 ms just to
 * start on a small machine). Returns the repository when it was found without git.
 */
export function startStagedCommands(context: GitContext): Repository | undefined {
  startEarly(context, STAGED_DIFF);
  const found = discoverRepository(context);
  if (!found) startEarly(context, REPOSITORY_PATHS);
  return found;
}
