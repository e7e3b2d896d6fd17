/**
 * Writing one file of the cache: through a temporary file and a rename, so a scan running beside
 * this one never reads half a file, and without what an output file needs (src/files/write-output.ts
 * checks for a device or pipe at the target first): the cache's paths are its own. Each directory is
 * made once per process (a cold scan writes one entry per parsed file, and on a small VM each
 * syscall saved there counts), and made again if it is gone (a cache cleared between two scans).
 */
import fs from 'node:fs';
import path from 'node:path';
import { replaceFile } from '../files/write-output.js';

const made = new Set<string>();

/** Throws when the file cannot be written; the callers treat that as "not cached". */
export function writeCacheFile(file: string, text: string): void {
  const dir = path.dirname(file);
  if (made.has(dir)) {
    try {
      replaceFile(file, text);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      // Removed since it was made: made again below.
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  made.add(dir);
  replaceFile(file, text);
}
