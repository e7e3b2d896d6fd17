/**
 * Babel's parser, loaded on first need: a scan whose files all fail the keyword prefilter (most
 * pre-commit runs) never pays for loading it. The walk and scopes are jwtscan's own (src/ast/).
 */
import { createRequire } from 'node:module';
import type * as BabelParser from '@babel/parser';

export interface Babel {
  parse: typeof BabelParser.parse;
}

// The parser is CommonJS: require() loads it in ~30 ms, where import() first runs Node's CommonJS
// export scanner over its 500 KB (~60 ms). Not bundled into dist/jwtscan-main.cjs (scripts/bundle.mjs):
// the bundle loads its copy, dist/babel-parser.cjs, with a code cache instead (enableParserCodeCache).
const lazyRequire = createRequire(import.meta.url);

let loaded: Babel | undefined;
/** How the bundle loads its copy of the parser (enableParserCodeCache); else from node_modules. */
let loadParser: (() => unknown) | undefined;

export async function loadBabel(): Promise<Babel> {
  if (!loaded) {
    const parser = (loadParser ? loadParser() : lazyRequire('@babel/parser')) as typeof BabelParser;
    loaded = { parse: parser.parse };
  }
  return loaded;
}

/**
 * From the bundle (src/bundle-entry.ts): the parser is its copy in dist/, loaded with a code cache
 * (src/util/code-cache.ts) by `load`. Passed in, so that dist/src (tests, API) never loads that code.
 */
export function enableParserCodeCache(load: () => unknown): void {
  loadParser = load;
}

/** The loaded parser; the scan awaits `loadBabel()` before the first file it parses. */
export function babel(): Babel {
  if (!loaded) throw new Error('internal: Babel used before loadBabel()');
  return loaded;
}
