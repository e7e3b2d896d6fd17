/**
 * The entry of the CommonJS bundle dist/jwtscan-main.cjs (scripts/bundle.mjs), which the bin
 * (src/launcher.ts) loads: the command, and what scripts/code-cache.mjs needs to warm it up and
 * make its code caches.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { enableParserCodeCache } from './engine/babel.js';

// The parser's copy and cache are beside the bundle in dist/ (import.meta.url is the bundle's own location).
enableParserCodeCache(path.dirname(fileURLToPath(import.meta.url)));

export { runCli } from './run-cli.js';
export { main } from './main.js';
export { parserCodeCache, parserCodeCacheUsed } from './engine/babel.js';
