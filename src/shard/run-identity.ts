/**
 * What a shard's report says about the run that made it, so `jwtscan merge` can refuse reports that
 * do not belong together: the shard, a digest of every setting that changes results (rules, levels,
 * sinks, limits, globs, report options), the build, and a digest of the files listed.
 */
import type { HistoryShardFinding } from '../rule.js';
import { createHash } from '../util/builtins.js';
import { buildId, packageInfo } from '../version.js';

export interface RunIdentity {
  /** `K/N`; absent in a merged report. */
  shard?: string;
  settings: string;
  /** The version and build digest (empty when run from source). */
  build: string;
  listing: string;
  /** A shard of `scan --history --shard K/N`: what merging the shards needs beyond the findings (src/shard/merge-history.ts). */
  history?: HistoryShardRun;
}

export interface HistoryShardRun {
  /** The keyed digests of the key literals this shard saw in HEAD's files, sorted. */
  present: string[];
  /**
   * The suppressed findings this report leaves out (no --include-suppressed): merged like the others,
   * as they take fingerprint ordinals and count in the summary, and never written by merge.
   */
  unreported: UnreportedFinding[];
}

export interface UnreportedFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
  commit: string;
  date: string;
  shard: HistoryShardFinding;
}

export function settingsDigest(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

export function currentBuild(): string {
  const build = buildId();
  return build ? `${packageInfo().version}+${build}` : packageInfo().version;
}
