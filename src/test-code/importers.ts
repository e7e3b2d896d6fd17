/**
 * Who imports a module, for telling test code apart: a module imported only by test code is test
 * code, and a test helper that production code imports is production code. Built lazily, only for
 * files that have findings, from the import, require and re-export specifiers of the files in the
 * same workspace package (relative imports rarely cross a package.json; package names are not
 * followed). Specifiers are read with a regular expression: no parse, comments may over-count,
 * which only ever keeps code at production level.
 */
import path from 'node:path';
import { candidateFiles } from '../modules/resolve-specifier.js';
import type { TsconfigPaths } from '../modules/tsconfig-paths.js';

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)(['"])([^'"\n\r]{1,300})\1/g;

/** The import, require and re-export specifiers written in a module's text. */
export function importSpecifiers(text: string): string[] {
  const out = new Set<string>();
  for (const match of text.matchAll(SPECIFIER)) out.add(match[2]!);
  return [...out];
}

export interface ImporterIndexInput {
  /** Absolute scan base. */
  base: string;
  /** Every listed file, base-relative (POSIX). */
  files: readonly string[];
  /** The import specifiers of a base-relative file (from its text or a cache), undefined when unreadable. */
  specifiersOf(file: string): Promise<string[] | undefined>;
  tsconfig?: TsconfigPaths;
  /** The base-relative directory of the workspace package a file belongs to ('' for the root). */
  packageOf(file: string): string;
}

export class ImporterIndex {
  private readonly byPackage = new Map<string, Promise<Map<string, string[]>>>();
  private readonly listed: ReadonlySet<string>;

  constructor(private readonly input: ImporterIndexInput) {
    this.listed = new Set(input.files);
  }

  /** The base-relative files that import `file` (sorted). */
  async importersOf(file: string): Promise<string[]> {
    const pkg = this.input.packageOf(file);
    let index = this.byPackage.get(pkg);
    if (!index) this.byPackage.set(pkg, (index = this.build(pkg)));
    return (await index).get(file) ?? [];
  }

  private async build(pkg: string): Promise<Map<string, string[]>> {
    const { base, files } = this.input;
    const members = files.filter((f) => this.input.packageOf(f) === pkg);
    const reverse = new Map<string, string[]>();
    for (const importer of members) {
      const specifiers = await this.input.specifiersOf(importer);
      if (specifiers === undefined) continue;
      const absolute = path.join(base, importer);
      for (const specifier of specifiers) {
        const target = this.resolve(absolute, specifier);
        if (target === undefined || target === importer) continue;
        const list = reverse.get(target) ?? [];
        if (!list.includes(importer)) list.push(importer);
        reverse.set(target, list);
      }
    }
    for (const list of reverse.values()) list.sort();
    return reverse;
  }

  /** The first candidate that is a listed file (the resolution TypeScript and Node would pick among what exists). */
  private resolve(fromAbsolute: string, specifier: string): string | undefined {
    for (const candidate of candidateFiles(fromAbsolute, specifier, this.input.base, this.input.tsconfig)) {
      const relative = path.relative(this.input.base, candidate).split(path.sep).join('/');
      if (this.listed.has(relative)) return relative;
    }
    return undefined;
  }
}
