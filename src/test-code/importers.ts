/**
 * Who imports a module, for telling test code apart: a module imported only by test code is test
 * code, and a test helper that production code imports is production code. Built lazily, only for
 * files that have findings, from the import, require and re-export specifiers of the files in the
 * same workspace package (relative imports rarely cross a package.json; package names are not
 * followed). Specifiers are read with a regular expression: no parse, comments may over-count,
 * which only ever keeps code at production level.
 */
import path from 'node:path';
import { ListedFileResolver } from '../modules/listed-files.js';
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
  /**
   * The import specifiers of a base-relative file (from its text or a cache), undefined when
   * unreadable; at once when known (an index of a large package awaits no promise per file).
   */
  specifiersOf(file: string): string[] | undefined | Promise<string[] | undefined>;
  tsconfig?: TsconfigPaths;
  /** The base-relative directory of the workspace package a file belongs to ('' for the root). */
  packageOf(file: string): string;
}

export class ImporterIndex {
  /** Per workspace package: the last path segment of each specifier (extension-less) -> who writes it. */
  private readonly byPackage = new Map<string, Promise<Map<string, { importer: string; specifier: string }[]>>>();
  private readonly importers = new Map<string, Promise<string[]>>();
  /** The first candidate that is a listed file (the resolution TypeScript and Node would pick among what exists). */
  private readonly resolver: ListedFileResolver;

  constructor(private readonly input: ImporterIndexInput) {
    this.resolver = new ListedFileResolver(input.base, new Set(input.files), input.tsconfig);
  }

  /** The base-relative files that import `file` (sorted). */
  importersOf(file: string): Promise<string[]> {
    let found = this.importers.get(file);
    if (!found) this.importers.set(file, (found = this.find(file)));
    return found;
  }

  /** Only specifiers whose last segment can name the file are resolved: resolving every import of a package costs seconds. */
  private async find(file: string): Promise<string[]> {
    const pkg = this.input.packageOf(file);
    let index = this.byPackage.get(pkg);
    if (!index) this.byPackage.set(pkg, (index = this.build(pkg)));
    const byStem = await index;
    const out = new Set<string>();
    for (const stem of namesOf(file)) {
      for (const { importer, specifier } of byStem.get(stem) ?? []) {
        if (importer !== file && !out.has(importer) && this.resolver.resolve(path.join(this.input.base, importer), specifier) === file) out.add(importer);
      }
    }
    return [...out].sort();
  }

  private async build(pkg: string): Promise<Map<string, { importer: string; specifier: string }[]>> {
    // A package's files are below its folder: only those are asked which package they belong to.
    const below = pkg === '' ? '' : `${pkg}/`;
    const byStem = new Map<string, { importer: string; specifier: string }[]>();
    for (const importer of this.input.files) {
      if (!importer.startsWith(below) || this.input.packageOf(importer) !== pkg) continue;
      const known = this.input.specifiersOf(importer);
      for (const specifier of (known instanceof Promise ? await known : known) ?? []) {
        const stem = specifierStem(specifier);
        const list = byStem.get(stem);
        if (list) list.push({ importer, specifier });
        else byStem.set(stem, [{ importer, specifier }]);
      }
    }
    return byStem;
  }
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/i;

/** `../lib/jwt.js` -> `jwt`; `./` and `..` -> `.` (a directory's index). */
function specifierStem(specifier: string): string {
  let end = specifier.indexOf('?');
  if (end < 0) end = specifier.length;
  while (end > 0 && specifier.charCodeAt(end - 1) === 0x2f) end--; // trailing slashes
  const last = specifier.slice(specifier.lastIndexOf('/', end - 1) + 1, end);
  if (last === '' || last === '.' || last === '..') return '.';
  return last.includes('.') ? last.replace(SOURCE_EXTENSION, '') : last;
}

/** The stems a specifier naming this file can end with: its name, and for an index file its folder's. */
function namesOf(file: string): string[] {
  const stem = path.posix.basename(file).replace(SOURCE_EXTENSION, '');
  if (stem !== 'index') return [stem];
  const folder = path.posix.basename(path.posix.dirname(file));
  return [stem, '.', ...(folder && folder !== '.' ? [folder] : [])];
}
