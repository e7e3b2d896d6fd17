/**
 * CommonJS files compiled with a V8 code cache: the bytecode of their functions, saved by
 * scripts/code-cache.mjs when jwtscan is built, after it ran a few typical scans. A start then
 * skips compiling the 490 KB bundle and, later, the functions a scan runs for the first time: the
 * bin (dist/jwtscan.cjs) loads the bundle this way, and the bundle loads its copy of Babel's parser
 * this way (measured on a 2-core VM, against the ES module bundle before: a pre-commit scan 8-38 ms
 * faster, a 3-file scan 11-35 ms; the caches alone are worth ~19 ms of a pre-commit scan).
 *
 * scripts/bundle.mjs writes both files already wrapped in the CommonJS module function, so their
 * text compiles as it is (building a 500 KB string per start cost ~130 page faults each).
 *
 * A cache is only a speed-up and never changes what runs: V8 rejects data made by another V8
 * version or with other flags (it then compiles the source as usual), and each cache file starts
 * with a line naming the exact build, Node version and platform it was made for, checked before V8
 * sees the data (V8 does not checksum the data in release builds: the files are written whole, by
 * rename). Caches are only ever read from jwtscan's own install directory (dist/), never from a
 * scanned project.
 */
import fs from 'node:fs';
import { isAscii } from 'node:buffer';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface LoadedModule {
  exports: unknown;
  /** The compiled script and its cache file's first line, for making the cache (scripts/code-cache.mjs). */
  script: vm.Script;
  header: string;
  /** Whether V8 took the cache (false when there was none, or it did not match). */
  cacheUsed: boolean;
}

/** A cache file, and what it must have been made for (the source's length is added to it). */
export interface CacheSpec {
  file: string;
  identity: string;
}

/** Where the bundle, the parser's copy, their caches and the build's digest are, in dist/. */
export function distFiles(dist: string): { main: string; mainCache: string; parser: string; parserCache: string; buildId: string } {
  return {
    main: path.join(dist, 'jwtscan-main.cjs'),
    mainCache: path.join(dist, 'jwtscan-main.v8cache'),
    parser: path.join(dist, 'babel-parser.cjs'),
    parserCache: path.join(dist, 'babel-parser.v8cache'),
    buildId: path.join(dist, 'build-id'),
  };
}

/** The CommonJS module function, as Node wraps a module in it (on the first line, so line numbers stay). */
export const WRAPPER_HEAD = '(function (exports, require, module, __filename, __dirname) { ';
export const WRAPPER_TAIL = '\n})';

/** A CommonJS module's text wrapped in the module function, as loadWrapped expects it. */
export function wrapModule(source: string): string {
  return `${WRAPPER_HEAD}${source}${WRAPPER_TAIL}`;
}

/**
 * Compiles and runs a file written by wrapModule, with the cache when `cache` names one made for
 * `cache.identity`, this length of the file and this Node version and platform. Like require()
 * but without Node's module registry (each call loads the file again; `module` has `exports` only).
 */
export function loadWrapped(file: string, cache?: CacheSpec): LoadedModule {
  const bytes = fs.readFileSync(file);
  // An ASCII file (the bundle always, Babel's parser today) becomes a one-byte string without decoding.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  if (!source.startsWith(WRAPPER_HEAD) || !source.endsWith(WRAPPER_TAIL)) throw new Error(`${file} is not a wrapped CommonJS module (scripts/bundle.mjs writes them)`);
  // Checked before V8 sees the data (V8 itself checks its version and flags, and the source only by length).
  const header = `${cache?.identity ?? ''} ${bytes.length} node ${process.version} ${process.platform}-${process.arch}`;
  const cachedData = cache ? readCache(cache.file, header) : undefined;
  const script = new vm.Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, header, cacheUsed: cachedData !== undefined && !script.cachedDataRejected };
}

/** The bundle's cache is for one build: the digest scripts/bundle.mjs wrote beside it (dist/build-id). */
export function bundleIdentity(buildIdFile: string): string {
  try {
    return `jwtscan ${fs.readFileSync(buildIdFile, 'latin1').trim()}`;
  } catch {
    return 'jwtscan (no build id)';
  }
}

/** The bytes of a cache file for a loaded module (run it first: the cache then holds what it compiled). */
export function cacheFileBytes(loaded: Pick<LoadedModule, 'script' | 'header'>): Buffer {
  return Buffer.concat([Buffer.from(`${loaded.header}\n`, 'latin1'), loaded.script.createCachedData()]);
}

/** V8's data from a cache file, when the file exists and its first line is `header`; else undefined. */
function readCache(file: string, header: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const end = bytes.indexOf(0x0a);
  if (end < 0 || bytes.toString('latin1', 0, end) !== header) return undefined;
  return bytes.subarray(end + 1);
}
