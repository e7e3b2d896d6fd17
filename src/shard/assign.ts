/**
 * Which shard of `scan --shard K/N` owns a file: a hash of its base-relative path alone, so adding,
 * removing or editing other files never moves it, and every machine of a CI matrix agrees without
 * talking to the others. Balance by size is statistical (--stats shows the bytes per shard).
 */
import { createHash } from '../util/builtins.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** Shards past this are not a split a scan benefits from (and keep `K/N` typos such as 1/1000 out). */
export const MAX_SHARDS = 256;

/** `K/N` with 1 ≤ K ≤ N ≤ MAX_SHARDS; undefined (with why) otherwise. */
export function parseShard(text: string): ShardSpec | { error: string } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return { error: `expected K/N (e.g. 2/4), not "${text}"` };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || count > MAX_SHARDS) return { error: `the number of shards must be 1 to ${MAX_SHARDS}, not ${count}` };
  if (index < 1 || index > count) return { error: `the shard must be 1 to ${count}, not ${index}` };
  return { index, count };
}

/** The 1-based shard of a base-relative POSIX path: the first 6 bytes of its SHA-256, modulo N. */
export function shardOf(relative: string, count: number): number {
  if (count === 1) return 1;
  const digest = createHash('sha256').update(relative).digest();
  return (digest.readUIntBE(0, 6) % count) + 1;
}
