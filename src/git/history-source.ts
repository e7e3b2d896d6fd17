/**
 * The FileSource of one commit of a history scan: the blobs that commit introduced (each listed at
 * the path it was added at), read through the scan's single `git cat-file --batch` reader. Modules
 * they import are read from that commit's tree, so cross-file resolution sees the repository as it
 * was when the blob was committed.
 */
import path from 'node:path';
import type { FileSource } from '../files/file-source.js';
import type { WalkedFile } from '../files/walk.js';
import { compareStrings } from '../util/compare.js';
import type { CommitTrees } from './commit-trees.js';
import type { ImportPrefetcher } from './prefetch-imports.js';
import type { GitContext } from './git.js';
import { blobToReadResult, streamBlob, type BlobReader } from './read-blobs.js';
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
      const read = blobToReadResult(blob === undefined ? undefined : await options.reader.read(blob), file.relative, maxFileSize, 'blob could not be read from the repository');
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

