import fs from 'node:fs';
import { builtins } from '../util/builtins.js';

const loaded = new Map<string, ReadonlySet<string>>();

/**
 * A gzip-compressed list with one raw entry per line (LF or CRLF), as a set, loaded on first use and kept for the
 * process: a scan that finds no literal key never pays for it.
 */
export function loadLineSet(file: string): ReadonlySet<string> {
  let set = loaded.get(file);
  if (!set) {
    const text = builtins.zlib().gunzipSync(fs.readFileSync(file)).toString('utf8');
    set = new Set(text.split(/\r?\n/).filter((line) => line.length > 0));
    loaded.set(file, set);
  }
  return set;
}
