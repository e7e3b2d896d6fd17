/**
 * Where each blob of the history came from: one `git log --raw -z` over the range, oldest commit
 * first, gives for every blob the first commit whose diff adds it (with its author date and the path
 * it was added at). Merges are diffed against their first parent only: a blob a merge takes from
 * the other side was already added, earlier, by that side's own commit. Only paths the scan selects
 * count (source files inside the targets…), so a blob first added elsewhere is found where it is wanted.
 */
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
function logArgs(revs: readonly string[]): string[] {
  return [
    'log', '--date-order', '--reverse', '--format=%x01%H %T %aI', '--raw', '-z', '--no-abbrev', '--no-renames', '--root',
    '--diff-merges=first-parent', '--no-color', '--no-ext-diff', '--no-textconv', '--no-show-signature', ...revs, '--',
  ];
}

export interface HistoryLog {
  origins: Map<string, BlobOrigin>;
  /** Every commit of the range → its root tree id. */
  trees: Map<string, string>;
}

/** `accept`: whether a top-relative path (decoded as UTF-8) is one the scan takes. */
export async function readHistoryLog(repository: Repository, revs: readonly string[], accept: (name: string) => boolean): Promise<HistoryLog> {
  return parseLog(await git(repository, logArgs(revs)), accept);
}

/** `\x01<commit> <tree> <date>\0` headers, each followed by raw entries `:<modes> <ids> <status>\0<path>\0`. */
export function parseLog(output: Buffer, accept: (name: string) => boolean): HistoryLog {
  const origins = new Map<string, BlobOrigin>();
  const trees = new Map<string, string>();
  const fields = splitNul(output);
  let commit: { id: string; date: string; order: number } | undefined;
  for (let i = 0; i < fields.length; i++) {
    let field = fields[i]!;
    while (field[0] === 0x0a) field = field.subarray(1); // the newline between a header and its entries
    if (field[0] === HEADER) {
      const [id = '', tree = '', date = ''] = field.subarray(1).toString('latin1').split(' ');
      commit = { id, date, order: trees.size };
      trees.set(id, tree);
      continue;
    }
    const meta = field.toString('latin1');
    if (!meta.startsWith(':')) continue;
    const path = fields[++i];
    const [, newMode = '', , newBlob = '', status = ''] = meta.slice(1).split(' ');
    if (!commit || path === undefined || status.startsWith('D') || newMode === SYMLINK_MODE || newMode === SUBMODULE_MODE) continue;
    if (!origins.has(newBlob) && accept(path.toString('utf8'))) {
      origins.set(newBlob, { commit: commit.id, date: commit.date, path, order: commit.order });
    }
  }
  return { origins, trees };
}
