/** The working tree as the fix planner reads it: files by repository-relative path, and the scan's selection. */
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { walk, type WalkOptions } from '../../files/walk.js';
import type { FixSources } from './plan.js';

/** Larger files are not read for the copy check (the scan reads them whole only up to its default limit too). */
const MAX_READ = 2 * 1024 * 1024;

/**
 * A regular file's text, else undefined: opened non-blocking and checked with fstat, so a FIFO named
 * like a source file never waits for a writer (as src/files/read-source.ts does for the scan). Only
 * plain UTF-8: a byte-order mark, UTF-16 or invalid bytes would shift the scan's columns or not
 * survive the rewrite, so such a file is left to fix by hand.
 */
function readRegularFile(file: string): string | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.size > MAX_READ) return undefined;
    const bytes = fs.readFileSync(fd);
    const bom = (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) || (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    return bom || !isUtf8(bytes) ? undefined : bytes.toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Reads are remembered: the planner, the copy check and the writer see one version of each file. */
export async function workingTreeSources(walkOptions: WalkOptions): Promise<FixSources & { absolute(file: string): string }> {
  const listed = (await walk(walkOptions)).files.map((f) => f.relative);
  const texts = new Map<string, string | undefined>();
  const absolute = (file: string) => path.join(walkOptions.base, ...file.split('/'));
  return {
    absolute,
    selection: () => listed,
    read(file) {
      if (!texts.has(file)) texts.set(file, readRegularFile(absolute(file)));
      return texts.get(file);
    },
  };
}
