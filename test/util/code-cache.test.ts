/**
 * src/util/code-cache.ts. Each load runs in a process of its own: within one process V8 answers a
 * second compile of the same source from memory, whatever cache it is offered, so only a fresh
 * process shows whether a cache file is taken. The child uses the compiled module in dist/src.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrapModule } from '../../src/util/code-cache.js';
import { ROOT } from '../helpers/scan-helpers.js';

const MODULE = path.join(ROOT, 'dist/src/util/code-cache.js');

interface Outcome {
  cacheUsed: boolean;
  rejected: boolean | undefined;
  twice: number;
  strict: boolean;
  dir: string;
}

/** Loads `file` with the cache in a new process (and saves a new cache to `save`, when given). */
function load(file: string, cache: string, identity: string, save?: string): Outcome {
  const code = [
    `const { cacheFileBytes, loadWrapped } = await import(${JSON.stringify(MODULE)});`,
    `const loaded = loadWrapped(${JSON.stringify(file)}, { file: ${JSON.stringify(cache)}, identity: ${JSON.stringify(identity)} });`,
    save ? `(await import('node:fs')).writeFileSync(${JSON.stringify(save)}, cacheFileBytes(loaded));` : '',
    'const m = loaded.exports;',
    'console.log(JSON.stringify({ cacheUsed: loaded.cacheUsed, rejected: loaded.script.cachedDataRejected, twice: m.twice(21), strict: m.strict, dir: m.dir }));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Outcome;
}

function moduleFile(): { file: string; cache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-code-cache-'));
  const file = path.join(dir, 'm.cjs');
  fs.writeFileSync(file, wrapModule('"use strict";\nmodule.exports = { twice: (n) => 2 * n, dir: __dirname, strict: (function () { return this; })() === undefined };'));
  return { file, cache: path.join(dir, 'm.v8cache') };
}

describe('loadWrapped', () => {
  it('runs a CommonJS file as require() would, and takes the cache made from it', () => {
    const { file, cache } = moduleFile();
    const first = load(file, cache, 'build A', cache);
    expect(first).toEqual({ cacheUsed: false, twice: 42, strict: true, dir: path.dirname(file) }); // no cache yet (rejected: undefined)
    expect(load(file, cache, 'build A')).toMatchObject({ cacheUsed: true, rejected: false, twice: 42 });
  });

  it('ignores a cache made for another build or another length of the file, and one whose bytes are not V8 data, and runs the file all the same', () => {
    const { file, cache } = moduleFile();
    load(file, cache, 'build A', cache);
    expect(load(file, cache, 'build B')).toMatchObject({ cacheUsed: false, twice: 42 });

    const made = fs.readFileSync(cache);
    const header = made.subarray(0, made.indexOf(0x0a) + 1);
    fs.writeFileSync(cache, Buffer.concat([header, Buffer.alloc(made.length - header.length, 7)]));
    expect(load(file, cache, 'build A')).toMatchObject({ cacheUsed: false, rejected: true, twice: 42 });

    fs.writeFileSync(cache, made);
    fs.writeFileSync(file, `${fs.readFileSync(file, 'utf8')}\n`.replace(/\n}\)\n$/, '\n// one more line\n})'));
    expect(load(file, cache, 'build A')).toEqual({ cacheUsed: false, twice: 42, strict: true, dir: path.dirname(file) }); // never offered to V8
  });

  it('refuses a file that is not wrapped, and reads one with non-ASCII characters as UTF-8', () => {
    const plain = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-code-cache-')), 'p.cjs');
    fs.writeFileSync(plain, 'module.exports = 1;\n');
    const refused = spawnSync(process.execPath, ['--input-type=module', '-e', `const { loadWrapped } = await import(${JSON.stringify(MODULE)}); loadWrapped(${JSON.stringify(plain)});`], { encoding: 'utf8' });
    expect(refused.stderr).toContain('is not a wrapped CommonJS module');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-code-cache-')), 'u.cjs');
    fs.writeFileSync(file, wrapModule("module.exports = { word: 'cl\u00e9 \u2014 \u043a\u043b\u044e\u0447' };"));
    const code = `const { loadWrapped } = await import(${JSON.stringify(MODULE)}); console.log(loadWrapped(${JSON.stringify(file)}).exports.word);`;
    expect(spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' }).stdout).toBe('cl\u00e9 \u2014 \u043a\u043b\u044e\u0447\n');
  });
});
