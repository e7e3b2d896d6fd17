/**
 * Which file an import specifier names, the way TypeScript and Node resolve local modules: relative
 * paths with or without extension, `.js` specifiers that name `.ts` sources, directory `index`
 * files, tsconfig `paths` / `baseUrl`, and the monorepo's own workspace packages by name. Other packages (bare specifiers without a mapping) and anything
 * outside the scan base are not followed: dependencies are not the repository's code.
 */
import path from 'node:path';
import { SOURCE_EXTENSIONS } from '../files/walk.js';
import type { TsconfigPaths } from './tsconfig-paths.js';
import type { WorkspaceIndex } from './workspace-packages.js';

const EXTENSION_ORDER = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** `import './x.js'` in TypeScript names `x.ts` (or `.tsx`); likewise for `.mjs` / `.cjs`. */
const TS_FOR_JS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier === '.' || specifier === '..' || specifier.startsWith('./') || specifier.startsWith('../');
}

/**
 * Absolute candidate files for `specifier` imported from `fromFile`, most likely first. The caller
 * takes the first that exists (in the working tree or in the index).
 */
export function candidateFiles(fromFile: string, specifier: string, base: string, tsconfig: TsconfigPaths | undefined, workspace?: WorkspaceIndex): string[] {
  const clean = specifier.split('?')[0]!;
  const fromDirectory = path.dirname(fromFile);
  const bases = isRelativeSpecifier(clean) ? [path.resolve(fromDirectory, clean)] : [...(tsconfig?.candidates(fromDirectory, clean) ?? []), ...(workspace?.candidates(fromDirectory, clean) ?? [])];
  const inside = (file: string) => file.startsWith(base.endsWith(path.sep) ? base : base + path.sep) && !file.split(path.sep).includes('node_modules');
  return bases.flatMap(withExtensions).filter(inside);
}

/**
 * The files a path without its extension or index may name, most likely first (`./x.js` -> x.ts;
 * `./x` -> x.ts ... x/index.cjs). Pure string work: also on base-relative POSIX paths.
 */
export function withExtensions(basePath: string): string[] {
  const ext = path.extname(basePath).toLowerCase();
  // A JSON module is named with its extension (`require('./config/settings.json')`).
  if (ext === '.json') return [basePath];
  const out: string[] = [];
  if ((SOURCE_EXTENSIONS as readonly string[]).includes(ext.slice(1))) {
    // TypeScript resolves `./x.js` to x.ts first; a built x.js next to it is output, not source.
    for (const ts of TS_FOR_JS[ext] ?? []) out.push(basePath.slice(0, -ext.length) + ts);
    out.push(basePath);
  }
  for (const e of EXTENSION_ORDER) out.push(basePath + e);
  // (path.join per candidate normalises again what is normal already: concatenated where that is the same)
  const folder = path.sep === '/' && basePath !== '' && !basePath.endsWith('/') ? `${basePath}/` : undefined;
  for (const e of EXTENSION_ORDER) out.push(folder !== undefined ? `${folder}index${e}` : path.join(basePath, `index${e}`));
  return out;
}
