// The I/O floor, run in a fresh process per measurement (as the CLI is): list the JS/TS files with
// fast-glob (same pattern and the same node_modules/.git ignore as src/files/walk.ts, no stat), then
// optionally read every file (fs.readFile, 16 reads in flight like the scanner's read-ahead), then
// optionally decode + run the rules' keyword prefilter (what a scan costs if it parses nothing).
// `read-sync` does the same with fast-glob's sync walk and synchronous reads (as the scanner does
// since it measured faster): a lower floor, shown for reference beside the async one.
// Usage: node bench/floor.mjs <dir> list|read|read-sync|prefilter   → one JSON line on stdout.
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';

const [dir, mode = 'read'] = process.argv.slice(2);
const EXTENSIONS = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];
const IN_FLIGHT = 16;

const t0 = performance.now();
const patterns = [`**/*.{${EXTENSIONS.join(',')}}`];
const globOptions = { cwd: dir, dot: true, onlyFiles: true, followSymbolicLinks: false, ignore: ['**/node_modules/**', '**/.git/**'], suppressErrors: true };
const files = mode === 'read-sync' ? fg.sync(patterns, globOptions) : await fg(patterns, globOptions);
const t1 = performance.now();
let bytes = 0;
let passed = 0;
let biggest = { file: '', bytes: 0 };
if (mode === 'read-sync') {
  for (const file of files) {
    const buffer = fsSync.readFileSync(path.join(dir, file));
    bytes += buffer.length;
    if (buffer.length > biggest.bytes) biggest = { file, bytes: buffer.length };
  }
} else if (mode !== 'list') {
  let check;
  if (mode === 'prefilter') {
    const { RULES } = await import('../dist/rules/index.js');
    const { rulesForSource } = await import('../dist/src/engine/prefilter.js');
    const decoder = new TextDecoder('utf-8');
    check = (buffer) => rulesForSource(decoder.decode(buffer), RULES).length > 0;
  }
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++];
      const buffer = await fs.readFile(path.join(dir, file));
      bytes += buffer.length;
      if (buffer.length > biggest.bytes) biggest = { file, bytes: buffer.length };
      if (check?.(buffer)) passed++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}
const t2 = performance.now();
process.stdout.write(
  `${JSON.stringify({ mode, files: files.length, bytes, listMs: t1 - t0, readMs: t2 - t1, totalMs: t2 - t0, prefilterPassed: mode === 'prefilter' ? passed : undefined, biggest })}\n`,
);
