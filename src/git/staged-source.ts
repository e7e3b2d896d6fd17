/**
 * `scan --staged`: the files and bytes that the next commit will contain, read from the git index
 * (the one `GIT_INDEX_FILE` names while `git commit` runs its hooks), never from the working tree.
 * So a partially staged file is judged by its staged version, and a module it imports is read as
 * staged too.
 */
import { createHash } from '../util/builtins.js';
import fs from 'node:fs';
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
import { IndexFile } from './index-file.js';
import { repoPaths } from './repo-paths.js';
import { LIST_INDEX, LIST_INDEX_OPTIONS, STAGED_DIFF } from './staged-commands.js';

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

export function stagedSource(options: StagedSourceOptions): FileSource {
  const repository = options.repository;
  const paths = repoPaths(repository.top, options.base);
  const blobOf = new Map<string, string>();
  let blobs: Promise<Map<string, BlobRead>> | undefined;
  const modules = new Map<string, string | undefined>();
  /** The stage-0 index entries, for cross-file resolution. */
  let indexed: StagedEntries | undefined;
  /** The index file read directly, once (open until `close`): null when it cannot be (a split or sparse index). */
  let fromFile: IndexFile | null | undefined;
  const indexFile = () => (fromFile ??= IndexFile.open(repository.indexFile) ?? null) ?? undefined;

  return {
    async list() {
      const diff = git(repository, STAGED_DIFF);
      // While git diffs on another core, read the index file for module lookups (a parsed file's
      // imports): it costs the main thread nothing it would not spend waiting.
      indexed ??= indexFile();
      const entries = parseRawDiff(await diff);
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
      const id = blobOf.get(file.relative);
      // A fully staged file (the usual case before a commit) holds the staged bytes in the working
      // tree too: read from disk when its blob id matches, which spares a git process.
      const onDisk = id === undefined ? undefined : workingTreeBlob(file.absolute, id, maxFileSize);
      if (onDisk) return decode(onDisk, file.relative);
      // The others come from one cat-file process, started by the first file that needs it.
      blobs ??= readBlobs(repository, [...blobOf.values()], maxFileSize);
      const blob = id === undefined ? undefined : (await blobs).get(id);
      return blobToReadResult(blob, file.relative, maxFileSize, 'staged content could not be read from the git index');
    },

    async prepareModules() {
      try {
        indexed ??= indexFile() ?? new IndexListing(await git(repository, LIST_INDEX, LIST_INDEX_OPTIONS));
      } catch {
        indexed ??= new IndexListing(Buffer.alloc(0)); // no listing: imported modules are not followed
      }
    },

    readModule(absolute, maxFileSize) {
      const name = paths.toTop(absolute);
      if (name === undefined || name === '') return undefined;
      // Module resolution tries several candidate names per import: look them up in the index
      // instead of starting a git process for each name that is not there.
      indexed ??= indexFile() ?? listIndexSync(repository);
      const blob = indexed.blobOf(name);
      if (blob === undefined) return undefined;
      if (!modules.has(name)) modules.set(name, readIndexedText(repository, name, blob, maxFileSize));
      return modules.get(name);
    },

    close() {
      fromFile?.close();
    },
  };
}

/** Blob ids of the stage-0 index entries, by top-relative path. */
interface StagedEntries {
  blobOf(name: string): string | undefined;
}

/**
 * `ls-files -s -z` output (`<mode> <blob> <stage>\t<path>\0` per entry), searched per name instead of
 * parsed whole: resolution asks for a few dozen names, a large repository's index lists 100k.
 */
class IndexListing implements StagedEntries {
  private readonly found = new Map<string, string | undefined>();
  constructor(private readonly out: Buffer) {}

  /** The blob id of the stage-0 entry for a top-relative path (not unmerged paths), else undefined. */
  blobOf(name: string): string | undefined {
    if (this.found.has(name)) return this.found.get(name);
    let blob: string | undefined;
    const needle = Buffer.from(`\t${name}\0`, 'utf8');
    for (let at = this.out.indexOf(needle); at >= 0 && blob === undefined; at = this.out.indexOf(needle, at + 1)) {
      const start = this.out.lastIndexOf(0, at) + 1;
      const [, id, stage] = this.out.subarray(start, at).toString('latin1').split(' ');
      if (stage === '0' && id) blob = id;
    }
    this.found.set(name, blob);
    return blob;
  }
}

function listIndexSync(repository: Repository): IndexListing {
  try {
    return new IndexListing(gitSync(repository, LIST_INDEX, LIST_INDEX_OPTIONS));
  } catch {
    return new IndexListing(Buffer.alloc(0));
  }
}

/**
 * The staged content of a module. Most imported modules are not part of the change, so the working
 * tree file usually holds exactly the staged bytes: when its git blob id equals the index entry's,
 * it is read from disk (no git process); otherwise from the index.
 */
function readIndexedText(repository: Repository, name: string, blob: string, maxFileSize: number): string | undefined {
  const onDisk = workingTreeBlob(path.join(repository.top, name), blob, maxFileSize);
  if (onDisk) {
    const read = decode(onDisk, name);
    return read.ok ? read.text : undefined;
  }
  try {
    // `:0:` so a name like `1:x.js` is not read as a stage.
    const read = decode(gitSync(repository, ['cat-file', 'blob', `:0:${name}`], { maxBuffer: maxFileSize }), name);
    return read.ok ? read.text : undefined;
  } catch {
    return undefined; // not in the index (untracked, deleted, unmerged) or over the size limit
  }
}

/** The working-tree bytes of `file` when they are the blob `blob` (SHA-1 or SHA-256 repositories), else undefined. */
function workingTreeBlob(file: string, blob: string, maxFileSize: number): Buffer | undefined {
  const algorithm = blob.length === 40 ? 'sha1' : blob.length === 64 ? 'sha256' : undefined;
  if (!algorithm) return undefined;
  try {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > maxFileSize) return undefined;
    const bytes = fs.readFileSync(file);
    const id = createHash(algorithm).update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    return id === blob ? bytes : undefined;
  } catch {
    return undefined;
  }
}
