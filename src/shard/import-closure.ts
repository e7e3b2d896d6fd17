/**
 * The local modules a file imports, transitively, read from specifiers with a regular expression (no
 * parse): the shard planner's view of who can reach whom. It over-approximates (a specifier in a
 * comment counts), which only ever makes a shard analyse a file more.
 */
import path from 'node:path';
import type { FileSource } from '../files/file-source.js';
import { toPosixRelative } from '../files/walk.js';
import { candidateFiles } from '../modules/resolve-specifier.js';
import { TsconfigPaths } from '../modules/tsconfig-paths.js';
import { WorkspaceIndex } from '../modules/workspace-packages.js';
import { importSpecifiers } from '../test-code/importers.js';

export class ImportClosure {
  private readonly edges = new Map<string, readonly string[]>();
  private readonly tsconfig: TsconfigPaths;
  private readonly workspace: WorkspaceIndex;

  constructor(
    private readonly base: string,
    private readonly source: FileSource,
    private readonly maxFileSize: number,
    /** Base-relative paths of the listed files (others are looked up through the source). */
    private readonly listed: ReadonlySet<string>,
  ) {
    this.tsconfig = new TsconfigPaths(base);
    this.workspace = new WorkspaceIndex(base);
  }

  /** Records a file's imports from its text (the planner has read it anyway). */
  setText(file: string, text: string): void {
    if (!this.edges.has(file)) this.edges.set(file, this.resolveAll(file, importSpecifiers(text)));
  }

  /**
   * Every module reachable from `starts` (the starts included), breadth first; stops early and
   * returns undefined once `stop` holds for a module reached.
   */
  reach(starts: Iterable<string>, stop?: (file: string) => boolean): Set<string> | undefined {
    const seen = new Set<string>(starts);
    const queue = [...seen];
    for (let i = 0; i < queue.length; i++) {
      for (const next of this.importsOf(queue[i]!)) {
        if (seen.has(next)) continue;
        if (stop?.(next)) return undefined;
        seen.add(next);
        queue.push(next);
      }
    }
    return seen;
  }

  private importsOf(file: string): readonly string[] {
    let imports = this.edges.get(file);
    if (imports === undefined) {
      const text = this.source.readModule(path.join(this.base, file), this.maxFileSize);
      imports = text === undefined ? [] : this.resolveAll(file, importSpecifiers(text));
      this.edges.set(file, imports);
    }
    return imports;
  }

  private resolveAll(file: string, specifiers: readonly string[]): string[] {
    const from = path.join(this.base, file);
    const out: string[] = [];
    for (const specifier of specifiers) {
      for (const candidate of candidateFiles(from, specifier, this.base, this.tsconfig, this.workspace)) {
        const relative = toPosixRelative(this.base, candidate);
        if (this.listed.has(relative) || this.source.readModule(candidate, this.maxFileSize) !== undefined) {
          out.push(relative);
          break;
        }
      }
    }
    return out;
  }
}
