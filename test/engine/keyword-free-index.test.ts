/**
 * The keyword-free index: a warm scan does not read files known to hold no rule keyword, and any
 * change to such a file (content, even at the same size and mtime; or a recent write) makes it read.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { workingTreeSource } from '../../src/files/file-source.js';
import { walk } from '../../src/files/walk.js';
import { scanPaths } from '../helpers/scan-helpers.js';
import { makeTree } from '../helpers/temp-tree.js';

const AN_HOUR_AGO = new Date(Date.now() - 3_600_000);

/**
 * Scans "a minute later": setting times back (utimes) renews the ctime, which the index also requires
 * to be older than the scan, so the clock moves instead of the files.
 */
function aMinuteLater(): void {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(Date.now() + 60_000);
}
const PLAIN = `export const add = (a: number, b: number) => a + b; // ${'x'.repeat(15)}\n`;
// Same length as PLAIN, with an inline key: a change no size check can see.
const KEYED = `import jwt from 'jsonwebtoken'; jwt.verify(t, 'kfi-Secret-9Qw2Er4Ty');\n`;

/** A scan that counts which files it reads. */
async function countingScan(root: string, cacheDir: string, maxParseSize?: number) {
  const reads: string[] = [];
  const result = await scanPaths([root], {
    cwd: root,
    cacheDir,
    maxParseSize,
    source: (base, targets) => {
      const source = workingTreeSource(() => walk({ base, targets, include: [], exclude: [], gitignore: true }));
      return {
        ...source,
        read: (file, max) => {
          reads.push(file.relative);
          return source.read(file, max);
        },
      };
    },
  });
  return { result, reads };
}

function age(file: string): void {
  fs.utimesSync(file, AN_HOUR_AGO, AN_HOUR_AGO);
}

describe('keyword-free index', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a warm scan reads only the files with keywords; an edit at the same size and mtime is still seen', async () => {
    expect(KEYED.length).toBe(PLAIN.length);
    const root = makeTree({ 'src/a.ts': PLAIN, 'src/b.ts': PLAIN, 'src/auth.ts': `import jwt from 'jsonwebtoken';\nexport const v = (t: string) => jwt.verify(t, process.env.K!);\n` });
    for (const f of ['src/a.ts', 'src/b.ts', 'src/auth.ts']) age(path.join(root, f));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-kfi-'));
    aMinuteLater();

    const cold = await countingScan(root, cacheDir);
    expect(cold.reads.sort()).toEqual(['src/a.ts', 'src/auth.ts', 'src/b.ts']);
    const warm = await countingScan(root, cacheDir);
    expect(warm.reads).toEqual(['src/auth.ts']);
    expect(warm.result.stats.filesSkippedByKeywords).toBe(2);

    // Same size, same mtime: only the ctime (and the content) differ.
    fs.writeFileSync(path.join(root, 'src/a.ts'), KEYED);
    age(path.join(root, 'src/a.ts'));
    aMinuteLater();
    expect(fs.statSync(path.join(root, 'src/a.ts')).size).toBe(PLAIN.length);
    const edited = await countingScan(root, cacheDir);
    // A finding needs to know who imports its module (test or production code): the first time, the
    // keyword-free files are read once for their import specifiers; those are kept by stamp too.
    expect(edited.reads.sort()).toEqual(['src/a.ts', 'src/auth.ts', 'src/b.ts']);
    expect(edited.result.findings.some((f) => f.file === 'src/a.ts' && f.ruleId === 'jwt-inline-secret')).toBe(true);
    const again = await countingScan(root, cacheDir);
    expect(again.reads.sort()).toEqual(['src/a.ts', 'src/auth.ts']);
    expect(again.result.findings.map((f) => f.fingerprint)).toEqual(edited.result.findings.map((f) => f.fingerprint));
  });

  it('does not trust a file written just before the scan (timestamp granularity): it is read again next time', async () => {
    const root = makeTree({ 'src/fresh.ts': PLAIN });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-kfi-'));
    await countingScan(root, cacheDir);
    const second = await countingScan(root, cacheDir);
    expect(second.reads).toEqual(['src/fresh.ts']);
  });

  it('is part of the cache: --no-cache (no cache dir) reads everything', async () => {
    const root = makeTree({ 'src/a.ts': PLAIN });
    age(path.join(root, 'src/a.ts'));
    aMinuteLater();
    const reads: string[] = [];
    for (let i = 0; i < 2; i++) {
      await scanPaths([root], {
        cwd: root,
        source: (base, targets) => {
          const source = workingTreeSource(() => walk({ base, targets, include: [], exclude: [], gitignore: true }));
          return { ...source, read: (file, max) => (reads.push(file.relative), source.read(file, max)) };
        },
      });
    }
    expect(reads).toEqual(['src/a.ts', 'src/a.ts']);
  });

  it('keeps the text-pass result of a file over the parse limit by stamp: not read again until it changes', async () => {
    const bundle = `${'var filler = 1;\n'.repeat(200)}jwt.sign(p, 'kfi-Bundle-Key-3Zx8Cv6Bn');\n`;
    const root = makeTree({ 'dist/bundle.js': bundle });
    age(path.join(root, 'dist/bundle.js'));
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-kfi-'));
    aMinuteLater();
    const report = (r: Awaited<ReturnType<typeof countingScan>>) => [
      ...r.result.findings.map((f) => `${f.file}:${f.region.start.line} ${f.ruleId}`),
      ...r.result.diagnostics.map((d) => `${d.file} ${d.kind}`),
    ];
    const cold = await countingScan(root, cacheDir, 1000);
    expect(report(cold)).toEqual(['dist/bundle.js:201 jwt-inline-secret', 'dist/bundle.js large-file']);
    expect(cold.result.findings[0]!.problems).toEqual(['jwt-inline-secret', 'jwt-weak-secret']);
    const warm = await countingScan(root, cacheDir, 1000);
    expect(warm.reads).toEqual([]);
    expect(report(warm)).toEqual(report(cold));

    fs.writeFileSync(path.join(root, 'dist/bundle.js'), `// rebuilt\n${bundle}`);
    age(path.join(root, 'dist/bundle.js'));
    aMinuteLater();
    const edited = await countingScan(root, cacheDir, 1000);
    expect(edited.reads).toEqual(['dist/bundle.js']);
    expect(report(edited)).toEqual(['dist/bundle.js:202 jwt-inline-secret', 'dist/bundle.js large-file']);
  });
});
