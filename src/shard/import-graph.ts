/**
 * Who imports whom among the listed files, read from specifiers with a regular expression (no parse):
 * the shard planner's view of which analyses can reach which files. It over-approximates (a specifier
 * in a comment counts), which only ever makes a shard analyse a file more. Modules outside the listing
 * are not followed (a scan analyses listed files only).
 */
import path from 'node:path';
import { toPosixRelative } from '../files/walk.js';
import { candidateFiles, isRelativeSpecifier, withExtensions } from '../modules/resolve-specifier.js';
import { TsconfigPaths } from '../modules/tsconfig-paths.js';
import { WorkspaceIndex } from '../modules/workspace-packages.js';
import { importSpecifiers } from '../test-code/importers.js';

export class ImportGraph {
  private readonly imports = new Map<string, string[]>();
  private readonly importers = new Map<string, string[]>();
  private readonly tsconfig: TsconfigPaths;
  private readonly workspace: WorkspaceIndex;

  constructor(
    private readonly base: string,
    /** Base-relative paths of the listed files. */
    private readonly listed: ReadonlySet<string>,
  ) {
    this.tsconfig = new TsconfigPaths(base);
    this.workspace = new WorkspaceIndex(base);
  }

  /** Records a file's imports from its text. */
  add(file: string, text: string): void {
    const from = path.join(this.base, file);
    const found: string[] = [];
    for (const specifier of importSpecifiers(text)) {
      const relative = this.resolve(from, specifier);
      if (relative === undefined) continue;
      found.push(relative);
      const importers = this.importers.get(relative);
      if (importers) importers.push(file);
      else this.importers.set(relative, [file]);
    }
    this.imports.set(file, found);
  }

  /**
   * The listed file a specifier names from a file, memoised by folder: the files of one folder import
   * mostly the same modules, and each lookup tries some twenty extensions and index files.
   */
  private resolve(from: string, specifier: string): string | undefined {
    const key = `${path.dirname(from)}\0${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    let found: string | undefined;
    const clean = specifier.split('?')[0]!;
    if (isRelativeSpecifier(clean)) {
      // The common case, on base-relative paths: no absolute candidates to make relative one by one.
      const relative = toPosixRelative(this.base, path.resolve(path.dirname(from), clean));
      const outside = relative === '..' || relative.startsWith('../');
      found = outside ? undefined : withExtensions(relative).map((c) => c.split(path.sep).join('/')).find((c) => this.listed.has(c));
      this.resolved.set(key, found);
      return found;
    }
    for (const candidate of candidateFiles(from, specifier, this.base, this.tsconfig, this.workspace)) {
      const relative = toPosixRelative(this.base, candidate);
      if (this.listed.has(relative)) {
        found = relative;
        break;
      }
    }
    this.resolved.set(key, found);
    return found;
  }

  private readonly resolved = new Map<string, string | undefined>();

  /** `starts` and every file they import, transitively. */
  importedBy(starts: Iterable<string>): Set<string> {
    return reach(starts, (file) => this.imports.get(file) ?? []);
  }

  /** `starts` and every file that imports one of them, transitively. */
  importersOf(starts: Iterable<string>): Set<string> {
    return reach(starts, (file) => this.importers.get(file) ?? []);
  }
}

function reach(starts: Iterable<string>, next: (file: string) => readonly string[]): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const file of next(queue[i]!)) {
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(file);
    }
  }
  return seen;
}
