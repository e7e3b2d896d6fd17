/**
 * Which repository files a git-backed scan (staged, history) takes: sources and config files, inside the
 * targets, never node_modules, and `--include` / `--exclude` (relative to the base). `.gitignore`
 * does not apply: a committed file is in the repository whatever it says.
 */
import ignore from 'ignore';
import { isScannable } from '../files/walk.js';

export interface FileSelection {
  /** Absolute files or directories. */
  targets: string[];
  include: string[];
  exclude: string[];
}

/** `name` is top-relative (git's), `relative` base-relative (the report's). */
export function fileSelector(options: FileSelection, toTop: (absolute: string) => string | undefined): (name: string, relative: string) => boolean {
  const excluded = options.exclude.length > 0 ? ignore().add(options.exclude) : undefined;
  const included = options.include.length > 0 ? ignore().add(options.include) : undefined;
  const targets = options.targets.map(toTop).filter((t): t is string => t !== undefined);
  const inTargets = (name: string) => targets.some((t) => t === '' || name === t || name.startsWith(`${t}/`));
  return (name, relative) =>
    isScannable(relative) &&
    inTargets(name) &&
    !relative.split('/').includes('node_modules') &&
    !excluded?.ignores(relative) &&
    (included === undefined || included.ignores(relative));
}
