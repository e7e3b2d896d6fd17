/**
 * Which listed file an import specifier names (the first candidate in resolution order that the scan
 * listed), memoised by folder and specifier: the files of one folder import mostly the same modules,
 * and each lookup tries some twenty extensions and index files. Used where many files' imports are
 * resolved against the listing without parsing (the shard planner, the test-code importer index).
 */
import path from 'node:path';
import { toPosixRelative } from '../files/walk.js';
import { candidateFiles, isRelativeSpecifier, withExtensions } from './resolve-specifier.js';
import type { TsconfigPaths } from './tsconfig-paths.js';
import type { WorkspaceIndex } from './workspace-packages.js';

export class ListedFileResolver {
  private readonly resolved = new Map<string, string | undefined>();
  /** Absolute folder -> base-relative POSIX folder ('' for the base). */
  private readonly relativeDirs = new Map<string, string>();

  constructor(
    private readonly base: string,
    /** Base-relative POSIX paths of the listed files. */
    private readonly listed: ReadonlySet<string>,
    private readonly tsconfig?: TsconfigPaths,
    private readonly workspace?: WorkspaceIndex,
  ) {}

  /** The base-relative listed file `specifier` names from the absolute file `from`, if any. */
  resolve(from: string, specifier: string): string | undefined {
    const key = `${path.dirname(from)}\0${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const found = this.lookup(from, specifier);
    this.resolved.set(key, found);
    return found;
  }

  private lookup(from: string, specifier: string): string | undefined {
    const clean = specifier.split('?')[0]!;
    if (isRelativeSpecifier(clean)) {
      // The common case, on base-relative POSIX paths: no absolute candidates to make relative one by one.
      const relative = this.relativeTarget(path.dirname(from), clean);
      if (relative === '..' || relative.startsWith('../')) return undefined;
      const candidates = withExtensions(relative);
      return (path.sep === '/' ? candidates : candidates.map((candidate) => candidate.split(path.sep).join('/'))).find((candidate) => this.listed.has(candidate));
    }
    for (const candidate of candidateFiles(from, specifier, this.base, this.tsconfig, this.workspace)) {
      const relative = toPosixRelative(this.base, candidate);
      if (this.listed.has(relative)) return relative;
    }
    return undefined;
  }

  /** The base-relative POSIX path a relative specifier names from an absolute folder (as path.resolve + path.relative would give). */
  private relativeTarget(fromDir: string, specifier: string): string {
    let dir = this.relativeDirs.get(fromDir);
    if (dir === undefined) this.relativeDirs.set(fromDir, (dir = toPosixRelative(this.base, fromDir)));
    const joined = path.posix.normalize(dir === '' ? specifier : `${dir}/${specifier}`).replace(/\/+$/, '');
    // Out of the base and maybe back in (`../../<base name>/src/a`): as path.resolve and path.relative would.
    if (joined === '..' || joined.startsWith('../')) return toPosixRelative(this.base, path.resolve(fromDir, specifier));
    return joined === '.' ? '' : joined;
  }
}
