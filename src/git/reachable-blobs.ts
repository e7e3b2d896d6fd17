/**
 * The objects reachable from a history range, each listed once: `git rev-list --objects` prints
 * every commit, tree and blob a single time (with the first path it reached it by, which is only a
 * hint: git cuts it at a newline; the origin walk in `history-log.ts` has the exact path). Objects a
 * partial or incomplete clone lacks are listed as `?<id>` instead of failing the walk.
 */
import { git, type Repository } from './git.js';

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?(?= |$)/;

export function listReachableObjects(repository: Repository, revs: readonly string[]): Promise<Buffer> {
  return git(repository, ['rev-list', '--objects', '--missing=print', ...revs, '--']);
}

/** The objects the listing says the clone lacks (`?<id>` lines) that `keep` accepts. */
export function missingObjectIds(output: Buffer, keep: (id: string) => boolean): Set<string> {
  const ids = new Set<string>();
  for (const line of output.toString('latin1').split('\n')) {
    if (line[0] !== '?') continue;
    const id = OBJECT_ID.exec(line.slice(1))?.[0];
    if (id !== undefined && keep(id)) ids.add(id);
  }
  return ids;
}

/** The ids in `git rev-list --objects` output that `keep` accepts. */
export function objectIds(output: Buffer, keep: (id: string) => boolean): Set<string> {
  const ids = new Set<string>();
  for (const line of output.toString('latin1').split('\n')) {
    const id = OBJECT_ID.exec(line)?.[0];
    if (id !== undefined && keep(id)) ids.add(id);
  }
  return ids;
}
