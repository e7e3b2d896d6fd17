/**
 * Babel's parser, loaded on first need: a scan whose files all fail the keyword prefilter (most
 * pre-commit runs) never pays for loading it. The walk and scopes are jwtscan's own (src/ast/).
 */
import { createRequire } from 'node:module';
import type * as BabelParser from '@babel/parser';
import { bundleIdentity, cacheFileBytes, distFiles, loadWrapped, type LoadedModule } from '../util/code-cache.js';

export interface Babel {
  parse: typeof BabelParser.parse;
}

// The parser is CommonJS: require() loads it in ~30 ms, where import() first runs Node's CommonJS
// export scanner over its 500 KB (~60 ms). Not bundled into dist/jwtscan-main.cjs (scripts/bundle.mjs):
// the bundle loads its copy, dist/babel-parser.cjs, with a code cache instead (enableParserCodeCache).
const lazyRequire = createRequire(import.meta.url);

let loaded: Babel | undefined;
/** The bundle's directory, when the parser is loaded from its copy there (enableParserCodeCache). */
let bundleDir: string | undefined;
/** The parser as loaded with its code cache, to make the cache from (scripts/code-cache.mjs). */
let cachedParser: LoadedModule | undefined;

export async function loadBabel(): Promise<Babel> {
  if (!loaded) {
    const parser = (bundleDir ? loadWithCodeCache(bundleDir) : lazyRequire('@babel/parser')) as typeof BabelParser;
    loaded = { parse: parser.parse };
  }
  return loaded;
}

/**
 * From the bundle (src/bundle-entry.ts): load the parser from the copy that scripts/bundle.mjs made
 * of it in `dir` (dist/), with its code cache (src/util/code-cache.ts).
 */
export function enableParserCodeCache(dir: string): void {
  bundleDir = dir;
}

/** A code cache for the parser as it was loaded and used in this process, if it was loaded with one. */
export function parserCodeCache(): Buffer | undefined {
  return cachedParser && cacheFileBytes(cachedParser);
}

/** Whether the parser was loaded with its code cache (and V8 took it): for tests of the build. */
export function parserCodeCacheUsed(): boolean {
  return cachedParser?.cacheUsed === true;
}

function loadWithCodeCache(dir: string): unknown {
  const files = distFiles(dir);
  cachedParser = loadWrapped(files.parser, { file: files.parserCache, identity: bundleIdentity(files.buildId) });
  return cachedParser.exports;
}

/** The loaded parser; the scan awaits `loadBabel()` before the first file it parses. */
export function babel(): Babel {
  if (!loaded) throw new Error('internal: Babel used before loadBabel()');
  return loaded;
}
