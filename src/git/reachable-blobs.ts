/**
 * The objects reachable from a history range, each listed once: `git rev-list --objects` prints
 * every commit, tree and blob a single time, with the first path it was reached by. That path is
 * only a hint (git cuts it at a newline); the origin walk (`history-log.ts`) has the exact one.
 */
import { git, type Repository } from './git.js';

const OBJECT_LINE = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) (.+)$/;

/** Object id → the path it was first reached by, for the objects that have a path (trees and blobs). */
export async function reachableObjects(repository: Repository, revs: readonly string[]): Promise<Map<string, string>> {
  const output = await git(repository, ['rev-list', '--objects', ...revs, '--']);
  const objects = new Map<string, string>();
  for (const line of output.toString('utf8').split('\n')) {
    const match = OBJECT_LINE.exec(line);
    if (match) objects.set(match[1]!, match[2]!);
  }
  return objects;
}
