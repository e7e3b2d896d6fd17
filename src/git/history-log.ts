/**
 * Where each blob of the history came from: one `git log --raw -z` over the range, oldest commit
 * first, gives for every blob the first commit whose diff adds it (with its author date and the path
 * it was added at). Merges are diffed against their first parent only: a blob a merge takes from
 * the other side was already added, earlier, by that side's own commit. Only source-file paths count.
 */
import { isSourceFile } from '../files/walk.js';
import { git, splitNul, type Repository } from './git.js';
import { SUBMODULE_MODE, SYMLINK_MODE } from './raw-diff.js';

export interface BlobOrigin {
  commit: string;
  /** Author date, strict ISO 8601. */
  date: string;
  /** Top-relative path the blob was added at, raw bytes (need not be UTF-8). */
  path: Buffer;
  /** Position of the commit in the walk, oldest first: smaller is older. */
  order: number;
}

const HEADER = 0x01;

/**
 * Explicit options, so user configuration (log.showSignature, diff.renames, log.showRoot, colour,
 * external diff drivers) cannot change what is parsed.
 */
export function logArgs(revs: readonly string[], extra: readonly string[] = []): string[] {
  return [
    'log', '--date-order', '--reverse', '--format=%x01%H %aI', '--raw', '-z', '--no-abbrev', '--no-renames', '--root',
    '--diff-merges=first-parent', '--no-color', '--no-ext-diff', '--no-textconv', '--no-show-signature', ...extra, ...revs, '--',
  ];
}

export interface HistoryLog {
  origins: Map<string, BlobOrigin>;
  /** Every commit of the range → its position, oldest first. */
  commits: Map<string, number>;
}

export async function readHistoryLog(repository: Repository, revs: readonly string[]): Promise<HistoryLog> {
  return parseLog(await git(repository, logArgs(revs)));
}

/**
 * The origin of a blob the walk did not attribute (`--find-object` walks for that blob alone); its
 * order is taken from the full walk, so origins stay comparable.
 */
export async function findBlobOrigin(repository: Repository, revs: readonly string[], blob: string, log: HistoryLog): Promise<BlobOrigin | undefined> {
  const origin = parseLog(await git(repository, logArgs(revs, [`--find-object=${blob}`]))).origins.get(blob);
  return origin && { ...origin, order: log.commits.get(origin.commit) ?? log.commits.size };
}

/** `\x01<commit> <date>\0` headers, each followed by raw entries `:<modes> <ids> <status>\0<path>\0`. */
export function parseLog(output: Buffer): HistoryLog {
  const origins = new Map<string, BlobOrigin>();
  const commits = new Map<string, number>();
  const fields = splitNul(output);
  let commit: { id: string; date: string; order: number } | undefined;
  for (let i = 0; i < fields.length; i++) {
    let field = fields[i]!;
    while (field[0] === 0x0a) field = field.subarray(1); // the newline between a header and its entries
    if (field[0] === HEADER) {
      const [id = '', date = ''] = field.subarray(1).toString('latin1').split(' ');
      if (!commits.has(id)) commits.set(id, commits.size);
      commit = { id, date, order: commits.get(id)! };
      continue;
    }
    const meta = field.toString('latin1');
    if (!meta.startsWith(':')) continue;
    const path = fields[++i];
    const [, newMode = '', , newBlob = '', status = ''] = meta.slice(1).split(' ');
    if (!commit || path === undefined || status.startsWith('D') || newMode === SYMLINK_MODE || newMode === SUBMODULE_MODE) continue;
    if (!origins.has(newBlob) && isSourceFile(path.toString('latin1'))) {
      origins.set(newBlob, { commit: commit.id, date: commit.date, path, order: commit.order });
    }
  }
  return { origins, commits };
}
