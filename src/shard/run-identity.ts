/**
 * What a shard's report says about the run that made it, so `jwtscan merge` can refuse reports that
 * do not belong together: the shard, a digest of every setting that changes results (rules, levels,
 * sinks, limits, globs, report options), the build, and a digest of the files listed.
 */
import { createHash } from '../util/builtins.js';
import { buildId, packageInfo } from '../version.js';

export interface RunIdentity {
  /** `K/N`; absent in a merged report. */
  shard?: string;
  settings: string;
  /** The version and build digest (empty when run from source). */
  build: string;
  listing: string;
}

export function settingsDigest(settings: unknown): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}

export function currentBuild(): string {
  const build = buildId();
  return build ? `${packageInfo().version}+${build}` : packageInfo().version;
}
