#!/usr/bin/env node
// Lays out the JS/TS files of a repository's tree at a pinned commit, as a bench corpus:
//   node bench/layout-corpus.mjs <git-dir> <commit> <out-dir>
// <git-dir>: any clone or mirror holding the commit. Only JS/TS blobs are read (git ls-tree, then one
// git cat-file --batch); a blob a partial mirror lacks is skipped and counted, never fatal.
// The issue's real corpus, from bench/real-corpus.tsv (name, commit):
//   while IFS=$'\t' read -r name commit; do node bench/layout-corpus.mjs "mirrors/$name.git" "$commit" "corpus/$name"; done < bench/real-corpus.tsv
//   npm run bench -- --corpus corpus
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [gitDir, commit, out] = process.argv.slice(2);
if (!gitDir || !commit || !out) {
  console.error('usage: node bench/layout-corpus.mjs <git-dir> <commit> <out-dir>');
  process.exit(2);
}
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const listing = execFileSync('git', ['--git-dir', gitDir, 'ls-tree', '-r', '-z', commit], { maxBuffer: 1 << 30 }).toString('utf8');
const blobs = listing
  .split('\0')
  .filter(Boolean)
  .map((line) => {
    const [meta, file] = line.split('\t');
    const [mode, type, id] = meta.split(' ');
    return { mode, type, id, file };
  })
  .filter((entry) => entry.type === 'blob' && entry.mode !== '120000' && SOURCE.test(entry.file));

const batch = spawn('git', ['--git-dir', gitDir, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buffer = Buffer.alloc(0);
let index = 0;
let written = 0;
let missing = 0;
batch.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const newline = buffer.indexOf(10);
    if (newline < 0) return;
    const header = buffer.subarray(0, newline).toString('utf8');
    if (header.endsWith(' missing')) {
      missing++;
      index++;
      buffer = buffer.subarray(newline + 1);
      continue;
    }
    const size = Number(header.split(' ')[2]);
    if (buffer.length < newline + 1 + size + 1) return;
    const entry = blobs[index++];
    const target = path.join(out, entry.file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, buffer.subarray(newline + 1, newline + 1 + size));
    written++;
    buffer = buffer.subarray(newline + 1 + size + 1);
  }
});
batch.on('close', () => console.log(`${out}: ${written} JS/TS files written${missing ? `, ${missing} missing from the mirror` : ''}`));
for (const entry of blobs) batch.stdin.write(`${entry.id}\n`);
batch.stdin.end();
