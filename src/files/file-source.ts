/**
 * Where the scan gets its files and their bytes. The default reads the working tree (walk + fs);
 * a staged scan lists and reads blobs of the git index instead (src/git/), so a partially staged
 * file is judged by what will be committed. Cross-file resolution reads imported modules through
 * `readModule`, so they come from the same place as the files that import them.
 */
import fs from 'node:fs';
import type { ReadResult } from './read-source.js';
import { decode, readSourceSync, stampOf } from './read-source.js';
import type { FileStamp } from '../cache/keyword-free-index.js';
import type { WalkedFile, WalkResult } from './walk.js';

export interface FileSource {
  /** The files to scan, sorted by relative path, with diagnostics for what was skipped. */
  list(): Promise<WalkResult>;
  read(file: WalkedFile, maxFileSize: number): Promise<ReadResult>;
  /**
   * Synchronous read of a module reached by cross-file resolution (it happens inside a traversal).
   * Undefined when it does not exist, cannot be read or is not text.
   */
  readModule(absolute: string, maxFileSize: number): string | undefined;
  /** Called once before the first file is parsed, so `readModule` can then answer synchronously from prepared data. */
  prepareModules?(): Promise<void>;
  /** The bytes of a file in chunks, for the streaming text pass over files too large to read whole. */
  stream?(file: WalkedFile): AsyncIterable<Uint8Array>;
  /** The file's current stamp without reading it (working tree only), for the keyword-free index. */
  stamp?(file: WalkedFile): FileStamp | undefined;
  /**
   * Set when `read` is `readSourceSync` of `file.absolute` (the working tree): another thread may
   * then read and keyword-check files for the scan (src/files/parallel-screen.ts).
   */
  screenable?: boolean;
  /** Called once when the scan is done with the source (a staged scan holds the index file open). */
  close?(): void;
}

/** Working-tree reads; `list` is supplied by the caller (the walker). */
export function workingTreeSource(list: () => Promise<WalkResult>): FileSource {
  return {
    list,
    read: async (file, maxFileSize) => readSourceSync(file.absolute, file.relative, maxFileSize),
    screenable: true,
    stream: (file) => fs.createReadStream(file.absolute, { highWaterMark: 256 * 1024 }),
    stamp: (file) => {
      try {
        const stat = fs.statSync(file.absolute, { throwIfNoEntry: false });
        return stat?.isFile() ? stampOf(stat) : undefined;
      } catch {
        return undefined;
      }
    },
    readModule: (absolute, maxFileSize) => {
      try {
        const stat = fs.statSync(absolute, { throwIfNoEntry: false });
        if (!stat?.isFile() || stat.size > maxFileSize) return undefined;
        const read = decode(fs.readFileSync(absolute), absolute);
        return read.ok ? read.text : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
