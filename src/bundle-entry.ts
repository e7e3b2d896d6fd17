/**
 * The entry of the CommonJS bundle dist/jwtscan-main.cjs (scripts/bundle.mjs), which the bin
 * (src/launcher.ts) loads: the command, and what scripts/code-cache.mjs needs to warm it up and
 * make the code caches.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableParserCodeCache } from './engine/babel.js';
import { bundleIdentity, cacheFileBytes, distFiles, loadWrapped, type LoadedModule } from './util/code-cache.js';

// The parser's copy and its cache are beside the bundle in dist/ (import.meta.url is the bundle's own location).
const files = distFiles(path.dirname(fileURLToPath(import.meta.url)));
let parser: LoadedModule | undefined;
enableParserCodeCache(() => {
  parser = loadWrapped(files.parser, { file: files.parserCache, identity: bundleIdentity(files.buildId) });
  return parser.exports;
});

/** A code cache for the parser as it was loaded and used in this process; undefined if it was not loaded. */
export function parserCodeCache(): Buffer | undefined {
  return parser && cacheFileBytes(parser);
}

/** Whether the parser was loaded with its code cache, and V8 took it (for tests of the build). */
export function parserCodeCacheUsed(): boolean {
  return parser?.cacheUsed === true;
}

export { runCli } from './run-cli.js';
export { main } from './main.js';
