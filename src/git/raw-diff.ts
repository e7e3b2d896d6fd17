/**
 * Parses `git diff --raw -z --no-abbrev` output:
 *   `:<old mode> <new mode> <old id> <new id> <status>\0<path>\0` and, for renames and copies,
 *   `:… R086\0<old path>\0<new path>\0`.
 * The new id is the blob that will be committed. Paths stay bytes (they need not be UTF-8).
 */
import { splitNul } from './git.js';

export interface RawDiffEntry {
  /** First letter of the status: A, C, M, R, T, D, U, X or B. */
  status: string;
  newMode: string;
  newBlob: string;
  /** The path after the change (the new path of a rename or copy), relative to the top-level. */
  path: Buffer;
}

export const SYMLINK_MODE = '120000';
export const SUBMODULE_MODE = '160000';

export function parseRawDiff(output: Buffer): RawDiffEntry[] {
  const fields = splitNul(output);
  const entries: RawDiffEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const meta = fields[i]!.toString('latin1');
    if (!meta.startsWith(':')) throw new Error(`unexpected git diff --raw output: ${JSON.stringify(meta.slice(0, 80))}`);
    const [, newMode = '', , newBlob = '', statusField = ''] = meta.slice(1).split(' ');
    const status = statusField.charAt(0);
    const pathCount = status === 'R' || status === 'C' ? 2 : 1;
    const path = fields[i + pathCount];
    if (path === undefined) throw new Error('truncated git diff --raw output');
    entries.push({ status, newMode, newBlob, path });
    i += pathCount;
  }
  return entries;
}
