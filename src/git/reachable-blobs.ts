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

/**
 * The ids in `git rev-list --objects` output that `keep` accepts: those the clone holds, and those it
 * lacks (`?<id>` lines), in one pass over an output that can be tens of MB.
 */
export function objectIds(output: Buffer, keep: (id: string) => boolean): { present: Set<string>; missing: Set<string> } {
  const present = new Set<string>();
  const missing = new Set<string>();
  for (const line of output.toString('latin1').split('\n')) {
    const lacking = line[0] === '?';
    const id = OBJECT_ID.exec(lacking ? line.slice(1) : line)?.[0];
    if (id !== undefined && keep(id)) (lacking ? missing : present).add(id);
  }
  return { present, missing };
}
