/**
 * `scan --staged`: the files and bytes that the next commit will contain, read from the git index
 * (the one `GIT_INDEX_FILE` names while `git commit` runs its hooks), never from the working tree.
 * So a partially staged file is judged by its staged version, and a module it imports is read as
 * staged too.
 */
import path from 'node:path';
import type { Diagnostic } from '../rule.js';
import type { FileSource } from '../files/file-source.js';
import { decode } from '../files/read-source.js';
import type { WalkedFile } from '../files/walk.js';
import { compareStrings } from '../util/compare.js';
import { fileSelector } from './file-selector.js';
import { git, gitSync, type Repository } from './git.js';
import { parseRawDiff, SUBMODULE_MODE, SYMLINK_MODE } from './raw-diff.js';
import { blobToReadResult, readBlobs, type BlobRead } from './read-blobs.js';
import { repoPaths } from './repo-paths.js';

export interface StagedSourceOptions {
  repository: Repository;
  /** Absolute directory that reported paths are relative to (the repository root). */
  base: string;
  /** Absolute files or directories: only staged files inside them are scanned. */
  targets: string[];
  /** Globs relative to the base, as for the working-tree walk. */
  include: string[];
  exclude: string[];
}

/** Added, copied, modified, renamed and type-changed entries: everything the commit adds content with. */
const STAGED_DIFF = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--diff-filter=ACMRT', '--no-ext-diff', '--no-relative'];

export function stagedSource(options: StagedSourceOptions): FileSource {
  const repository = options.repository;
  const paths = repoPaths(repository.top, options.base);
  const blobOf = new Map<string, string>();
  let blobs: Promise<Map<string, BlobRead>> | undefined;
  const modules = new Map<string, string | undefined>();
  let indexed: Set<string> | undefined;

  return {
    async list() {
      const entries = parseRawDiff(await git(repository, STAGED_DIFF));
      const select = fileSelector(options, paths.toTop);
      const files: WalkedFile[] = [];
      const diagnostics: Diagnostic[] = [];
      for (const entry of entries) {
        if (entry.newMode === SUBMODULE_MODE) continue;
        const name = entry.path.toString('utf8');
        const relative = paths.fromTop(name);
        if (relative === undefined || !select(name, relative)) continue;
        if (entry.newMode === SYMLINK_MODE) {
          diagnostics.push({ kind: 'symlink', level: 'note', file: relative, message: 'symbolic link not followed (its target is scanned where it lives inside the tree)' });
          continue;
        }
        if (!Buffer.from(name, 'utf8').equals(entry.path)) {
          diagnostics.push({ kind: 'encoding', level: 'note', file: relative, message: 'file name is not valid UTF-8; shown with U+FFFD replacements and scanned' });
        }
        files.push({ absolute: path.join(options.base, relative), relative });
        blobOf.set(relative, entry.newBlob);
      }
      files.sort((a, b) => compareStrings(a.relative, b.relative));
      return { files, diagnostics };
    },

    async read(file, maxFileSize) {
      // One cat-file process for every listed blob, started by the first read.
      blobs ??= readBlobs(repository, [...blobOf.values()], maxFileSize);
      const id = blobOf.get(file.relative);
      const blob = id === undefined ? undefined : (await blobs).get(id);
      return blobToReadResult(blob, file.relative, maxFileSize, 'staged content could not be read from the git index');
    },

    readModule(absolute, maxFileSize) {
      const name = paths.toTop(absolute);
      if (name === undefined || name === '') return undefined;
      // Module resolution tries several candidate names per import: look them up in one listing of
      // the index instead of starting a git process for each name that is not there.
      indexed ??= listIndex(repository);
      if (!indexed.has(name)) return undefined;
      if (!modules.has(name)) modules.set(name, readIndexedText(repository, name, maxFileSize));
      return modules.get(name);
    },
  };
}


/** Every path in the index (top-relative, as git stores them). */
function listIndex(repository: Repository): Set<string> {
  try {
    const out = gitSync(repository, ['ls-files', '-z', '--cached'], { maxBuffer: 512 * 1024 * 1024 });
    return new Set(out.toString('utf8').split('\0').filter(Boolean));
  } catch {
    return new Set();
  }
}

/** The stage-0 index entry of a top-relative path (`:0:` so a name like `1:x.js` is not read as a stage). */
function readIndexedText(repository: Repository, name: string, maxFileSize: number): string | undefined {
  try {
    const read = decode(gitSync(repository, ['cat-file', 'blob', `:0:${name}`], { maxBuffer: maxFileSize }), name);
    return read.ok ? read.text : undefined;
  } catch {
    return undefined; // not in the index (untracked, deleted, unmerged) or over the size limit
  }
}
