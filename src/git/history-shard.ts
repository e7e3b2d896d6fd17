/**
 * `scan --history --shard K/N`: which part of a history scan one job of a CI matrix does, and how its
 * report tells `jwtscan merge` enough to rebuild the unsharded report.
 *
 * Every shard reads the whole log and plans every group (the commits' positions are then the same
 * in every shard). A commit's group belongs to the shard a hash of the commit id picks (stable when
 * unrelated commits are added); HEAD's files that the range leaves out, scanned only to tell which
 * keys HEAD still holds, are split by path, as `scan --shard` splits a working tree.
 *
 * Merging needs to know which findings of different shards hold the same key literal. The plain
 * SHA-256 a single process uses must never be written (a dictionary reverses the hash of a weak key
 * in seconds), so shard reports carry an HMAC of the literal under a key every shard derives alike
 * from the repository: a hash of the ids of every blob the scan planned and of HEAD. Whoever can
 * compute that key has the repository's objects, and so the keys themselves; the report alone holds
 * neither the blob ids nor the key, so it does not let anyone test guesses of a key against it.
 * The run identity's listing is a hash of the same plan under another prefix (and of the commits
 * walked, whose positions the report carries): shards of different ranges or checkouts do not merge.
 */
import { builtins, createHash } from '../util/builtins.js';
import type { LiteralIdentities } from './history-findings.js';
import { git, type Repository } from './git.js';
import { shardOf, type ShardSpec } from '../shard/assign.js';

const KEY_DOMAIN = 'jwtscan history shard key v1';
const LISTING_DOMAIN = 'jwtscan history shard listing v1';

export interface HistoryPlan {
  /** Every commit of the range, in walk order (their positions are the commits' `order`). */
  commits: readonly string[];
  /** The blobs the range adds that the scan selects. */
  planned: ReadonlySet<string>;
  /** HEAD's commit and its selected blobs (none without a HEAD). */
  head: { commit: string; blobs: ReadonlySet<string> } | undefined;
}

export class HistorySharding {
  readonly identities: LiteralIdentities;
  /** Differs when the range, the selection or HEAD differ (the run identity's `listing`). */
  readonly listing: string;

  constructor(
    readonly spec: ShardSpec,
    plan: HistoryPlan,
  ) {
    const planned = [...plan.planned].sort().join('\n');
    const head = plan.head?.commit ?? '';
    const key = createHash('sha256').update([KEY_DOMAIN, planned, head].join('\0')).digest();
    const hmac = (text: string) => builtins.crypto().createHmac('sha256', key).update(text).digest('hex').slice(0, 32);
    this.identities = {
      of: (literal) => hmac(`literal\0${literal}`),
      fallback: (finding) => hmac(`finding\0${finding.ruleId}\0${finding.file}\0${finding.fingerprint}`),
    };
    const headBlobs = [...(plan.head?.blobs ?? [])].sort().join('\n');
    this.listing = createHash('sha256').update([LISTING_DOMAIN, plan.commits.join('\n'), planned, head, headBlobs].join('\0')).digest('hex').slice(0, 16);
  }

  /** The shard that scans the blobs a commit added. */
  shardOfCommit(commit: string): number {
    return shardOf(commit, this.spec.count);
  }

  ownsCommit(commit: string): boolean {
    return this.shardOfCommit(commit) === this.spec.index;
  }

  /** The shard of a HEAD file outside the range (by its base-relative path, as `scan --shard`). */
  shardOfHeadFile(relative: string): number {
    return shardOf(relative, this.spec.count);
  }
}

/** Each blob's size in bytes (`git cat-file --batch-check`), for the spread `--stats` reports. */
export async function blobSizes(repository: Repository, ids: readonly string[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  if (ids.length === 0) return sizes;
  const output = await git(repository, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], { input: `${ids.join('\n')}\n` });
  for (const line of output.toString('latin1').split('\n')) {
    const [id, size] = line.split(' ');
    if (id && size && /^\d+$/.test(size)) sizes.set(id, Number(size));
  }
  return sizes;
}
