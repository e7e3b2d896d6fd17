/** The git commands `scan --staged` runs, named once, and the start of the first ones side by side. */
import { startEarly, type GitContext } from './git.js';

/** The working tree's top-level directory, and the index file (both on one line each). */
export const REPOSITORY_PATHS = ['rev-parse', '--show-toplevel', '--git-path', 'index'];

/** Added, copied, modified, renamed and type-changed entries: everything the commit adds content with. */
export const STAGED_DIFF = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--diff-filter=ACMRT', '--no-ext-diff', '--no-relative'];

/** Every stage-0 entry of the index, for cross-file resolution of staged files. */
export const LIST_INDEX = ['ls-files', '-s', '-z', '--cached'];
export const LIST_INDEX_OPTIONS = { maxBuffer: 512 * 1024 * 1024 };

/**
 * Starts the commands a staged scan begins with, together: finding the repository and diffing the
 * index are independent, and each git process takes ~15 ms just to start on a small machine.
 */
export function startStagedCommands(context: GitContext): void {
  startEarly(context, REPOSITORY_PATHS);
  startEarly(context, STAGED_DIFF);
}
