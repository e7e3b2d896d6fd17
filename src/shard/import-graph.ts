/**
 * Who imports whom among the listed files, read from specifiers with a regular expression (no parse):
 * the shard planner's view of which analyses can reach which files. It over-approximates (a specifier
 * in a comment counts), which only ever makes a shard analyse a file more. Modules outside the listing
 * are not followed (a scan analyses listed files only).
 */
import path from 'node:path';
import { ListedFileResolver } from '../modules/listed-files.js';
import { TsconfigPaths } from '../modules/tsconfig-paths.js';
import { WorkspaceIndex } from '../modules/workspace-packages.js';
import type { MarkerCheck } from '../files/walked-markers.js';

export class ImportGraph {
  private readonly imports = new Map<string, string[]>();
  private readonly importers = new Map<string, string[]>();
  private readonly resolver: ListedFileResolver;

  constructor(
    private readonly base: string,
    /** Base-relative paths of the listed files. */
    listed: ReadonlySet<string>,
    markers?: MarkerCheck,
  ) {
    this.resolver = new ListedFileResolver(base, listed, new TsconfigPaths(base), new WorkspaceIndex(base, markers));
  }

  /** Records a file's imports from the specifiers written in its text (`importSpecifiers`). */
  add(file: string, specifiers: readonly string[]): void {
    const from = path.join(this.base, file);
    const found: string[] = [];
    for (const specifier of specifiers) {
      const relative = this.resolver.resolve(from, specifier);
      if (relative === undefined) continue;
      found.push(relative);
      const importers = this.importers.get(relative);
      if (importers) importers.push(file);
      else this.importers.set(relative, [file]);
    }
    this.imports.set(file, found);
  }

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
