/**
 * Files of any commit's tree: cross-file resolution in `scan --history` reads the modules a blob
 * imports from the tree of the commit that added the blob. Module reads happen synchronously inside
 * a traversal, so they are served from caches that `load` fills beforehand through the scan's
 * `cat-file --batch` reader (see `prefetch-imports.ts`); a miss falls back to one `git` process.
 * Directories are cached by tree id and texts by blob id, so what many commits share is read once.
 */
import { decode } from '../files/read-source.js';
import { gitSync, splitNul, type Repository } from './git.js';
import { SUBMODULE_MODE, SYMLINK_MODE } from './raw-diff.js';
import type { BlobReader } from './read-blobs.js';

export interface TreeEntry {
  mode: string;
  type: string;
  id: string;
  /** Bytes, when known (listings by `git ls-tree -l`). */
  size?: number;
}

type Listing = Map<string, TreeEntry>;

/** Listings and texts kept before a cache starts over (a bound on memory for long histories). */
const MAX_CACHED = 8192;

export class CommitTrees {
  private readonly roots = new Map<string, string | undefined>();
  private readonly listings = new Map<string, Listing>();
  private readonly texts = new Map<string, string | undefined>();

  /** `rootTrees`: commit -> root tree id, when known already (saves a `git rev-parse` per commit). */
  constructor(
    private readonly repository: Repository,
    private readonly reader: BlobReader,
    private readonly maxSize: number,
    rootTrees: ReadonlyMap<string, string> = new Map(),
  ) {
    for (const [commit, tree] of rootTrees) this.roots.set(commit, tree);
  }

  /** The entry at a top-relative POSIX path in a commit's tree. */
  entry(commit: string, name: string): TreeEntry | undefined {
    let tree = this.rootOf(commit);
    let entry: TreeEntry | undefined;
    for (const part of name.split('/')) {
      if (tree === undefined) return undefined;
      entry = (this.listings.get(tree) ?? this.cache(this.listings, tree, listTree(this.repository, tree, false))).get(part);
      tree = entry?.type === 'tree' ? entry.id : undefined;
    }
    return entry;
  }

  /** A source file's text in a commit's tree; undefined when absent, not a regular file, too large or binary. */
  text(commit: string, name: string): string | undefined {
    const entry = this.entry(commit, name);
    if (!isFile(entry)) return undefined;
    if (!this.texts.has(entry.id)) this.cache(this.texts, entry.id, this.readTextNow(entry.id));
    return this.texts.get(entry.id);
  }

  /** `text`, read through the batch reader (so later synchronous reads hit the cache). */
  async load(commit: string, name: string): Promise<string | undefined> {
    let tree = this.rootOf(commit);
    let entry: TreeEntry | undefined;
    for (const part of name.split('/')) {
      if (tree === undefined) return undefined;
      entry = (await this.listingLater(tree)).get(part);
      tree = entry?.type === 'tree' ? entry.id : undefined;
    }
    if (!isFile(entry)) return undefined;
    if (!this.texts.has(entry.id)) {
      const read = await this.reader.read(entry.id);
      const decoded = read.kind === 'blob' ? decode(read.bytes, name) : undefined;
      this.cache(this.texts, entry.id, decoded?.ok ? decoded.text : undefined);
    }
    return this.texts.get(entry.id);
  }

  private async listingLater(tree: string): Promise<Listing> {
    const cached = this.listings.get(tree);
    if (cached) return cached;
    const read = await this.reader.read(tree);
    return this.cache(this.listings, tree, read.kind === 'tree' ? parseTree(read.bytes, tree.length / 2) : new Map());
  }

  private rootOf(commit: string): string | undefined {
    if (!this.roots.has(commit)) {
      let tree: string | undefined;
      try {
        tree = gitSync(this.repository, ['rev-parse', '--verify', '--quiet', `${commit}^{tree}`]).toString('utf8').trim();
      } catch {
        tree = undefined;
      }
      this.roots.set(commit, tree);
    }
    return this.roots.get(commit);
  }

  private readTextNow(id: string): string | undefined {
    try {
      const read = decode(gitSync(this.repository, ['cat-file', 'blob', id], { maxBuffer: this.maxSize }), id);
      return read.ok ? read.text : undefined;
    } catch {
      return undefined; // over the size limit, or gone
    }
  }

  private cache<T>(map: Map<string, T>, key: string, value: T): T {
    if (map.size >= MAX_CACHED) map.clear();
    map.set(key, value);
    return value;
  }
}

function isFile(entry: TreeEntry | undefined): entry is TreeEntry {
  return entry !== undefined && entry.type === 'blob' && entry.mode !== SYMLINK_MODE && entry.mode !== SUBMODULE_MODE;
}

/** A raw tree object: `<octal mode> <name>\0<binary id>` entries. */
export function parseTree(bytes: Buffer, idLength: number): Listing {
  const entries: Listing = new Map();
  let at = 0;
  while (at < bytes.length) {
    const space = bytes.indexOf(0x20, at);
    const nul = bytes.indexOf(0, space + 1);
    if (space < 0 || nul < 0 || nul + 1 + idLength > bytes.length) break;
    const mode = bytes.subarray(at, space).toString('latin1').padStart(6, '0');
    const type = mode === '040000' ? 'tree' : mode === SUBMODULE_MODE ? 'commit' : 'blob';
    entries.set(bytes.subarray(space + 1, nul).toString('utf8'), { mode, type, id: bytes.subarray(nul + 1, nul + 1 + idLength).toString('hex') });
    at = nul + 1 + idLength;
  }
  return entries;
}

/** `git ls-tree -z -l` of a tree-ish: name (relative to it; whole paths with `recursive`) → entry. Empty when it does not exist. */
export function listTree(repository: Repository, treeish: string, recursive: boolean): Listing {
  const entries: Listing = new Map();
  let output: Buffer;
  try {
    output = gitSync(repository, ['ls-tree', '-z', '-l', ...(recursive ? ['-r'] : []), '--end-of-options', treeish]);
  } catch {
    return entries; // an unborn HEAD
  }
  for (const record of splitNul(output)) {
    const tab = record.indexOf(0x09);
    if (tab < 0) continue;
    const [mode = '', type = '', id = '', size = '-'] = record.subarray(0, tab).toString('latin1').split(/ +/);
    entries.set(record.subarray(tab + 1).toString('utf8'), { mode, type, id, ...(size === '-' ? {} : { size: Number(size) }) });
  }
  return entries;
}
