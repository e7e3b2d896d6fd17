/**
 * The FileSource of one commit of a history scan: the blobs that commit introduced (each listed at
 * the path it was added at), read through the scan's single `git cat-file --batch` reader. Modules
 * they import are read from that commit's tree, so cross-file resolution sees the repository as it
 * was when the blob was committed.
 */
import path from 'node:path';
import type { FileSource } from '../files/file-source.js';
import { decode, type ReadResult } from '../files/read-source.js';
import type { WalkedFile } from '../files/walk.js';
import { compareStrings } from '../util/compare.js';
import type { CommitTrees } from './commit-trees.js';
import type { ImportPrefetcher } from './prefetch-imports.js';
import type { GitContext } from './git.js';
import { streamBlob, type BlobReader, type ObjectRead } from './read-blobs.js';
import type { RepoPaths } from './repo-paths.js';

export interface HistoryFile {
  /** Relative to the scan base, POSIX. */
  relative: string;
  blob: string;
}

export interface HistorySourceOptions {
  repository: GitContext;
  base: string;
  commit: string;
  files: readonly HistoryFile[];
  reader: BlobReader;
  trees: CommitTrees;
  prefetcher: ImportPrefetcher;
  paths: RepoPaths;
}

export function historySource(options: HistorySourceOptions): FileSource {
  const blobOf = new Map(options.files.map((f) => [f.relative, f.blob]));
  return {
    async list() {
      const files: WalkedFile[] = options.files.map((f) => ({ relative: f.relative, absolute: path.join(options.base, f.relative) }));
      files.sort((a, b) => compareStrings(a.relative, b.relative));
      return { files, diagnostics: [] };
    },

    async read(file, maxFileSize) {
      const blob = blobOf.get(file.relative);
      const read = fromBlob(blob === undefined ? undefined : await options.reader.read(blob), file.relative, maxFileSize);
      if (read.ok) await options.prefetcher.prefetch(options.commit, file.absolute, read.text);
      return read;
    },

    // A blob over --max-file-size still gets the streaming text pass, as a working-tree file does.
    stream(file) {
      return streamBlob(options.repository, blobOf.get(file.relative) ?? '');
    },

    readModule(absolute) {
      const name = options.paths.toTop(absolute);
      return name === undefined || name === '' ? undefined : options.trees.text(options.commit, name);
    },
  };
}

function fromBlob(blob: ObjectRead | undefined, file: string, maxFileSize: number): ReadResult {
  if (blob?.kind === 'blob') return decode(blob.bytes, file);
  if (blob?.kind === 'too-large') {
    const message = `skipped: ${blob.size} bytes is over the --max-file-size limit of ${maxFileSize} bytes`;
    return { ok: false, diagnostic: { kind: 'too-large', level: 'warning', file, message } };
  }
  return { ok: false, diagnostic: { kind: 'unreadable', level: 'warning', file, message: 'blob could not be read from the repository' } };
}
