/**
 * Warms the commit-tree caches before the engine resolves imports synchronously: the specifiers a
 * blob's text names (`import … from`, `require(…)`, `import(…)`, `export … from`), found by a plain
 * text scan, are resolved the way the engine will resolve them and their modules loaded through the
 * batch reader, a few levels deep. A specifier this misses only costs the engine one `git` process.
 */
import { candidateFiles } from '../modules/resolve-specifier.js';
import type { TsconfigPaths } from '../modules/tsconfig-paths.js';
import type { CommitTrees } from './commit-trees.js';
import type { RepoPaths } from './repo-paths.js';

const SPECIFIER = /\b(?:from|require|import)\s*\(?\s*(['"])([^'"\n]{1,300})\1/g;
/** Levels of imports of imports loaded ahead (barrels re-exporting a config module are common). */
const MAX_DEPTH = 3;

export class ImportPrefetcher {
  private readonly started = new Set<string>();

  constructor(
    private readonly trees: CommitTrees,
    private readonly base: string,
    private readonly paths: RepoPaths,
    private readonly tsconfig: TsconfigPaths,
  ) {}

  async prefetch(commit: string, absolute: string, text: string, depth = 0): Promise<void> {
    if (depth >= MAX_DEPTH) return;
    const specifiers = new Set([...text.matchAll(SPECIFIER)].map((match) => match[2]!));
    await Promise.all([...specifiers].map((specifier) => this.resolve(commit, absolute, specifier, depth)));
  }

  /** The first candidate file that exists, loaded, and its own imports. */
  private async resolve(commit: string, from: string, specifier: string, depth: number): Promise<void> {
    for (const candidate of candidateFiles(from, specifier, this.base, this.tsconfig)) {
      const name = this.paths.toTop(candidate);
      if (name === undefined || name === '') continue;
      const key = `${commit}\0${name}`;
      if (this.started.has(key)) return;
      const text = await this.trees.load(commit, name);
      if (text === undefined) continue;
      this.started.add(key);
      await this.prefetch(commit, candidate, text, depth + 1);
      return;
    }
  }
}
