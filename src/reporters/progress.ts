/**
 * What the CLI says on stderr while and after it scans: a progress line on a terminal for scans
 * that take more than about a second (never in CI logs, which are not terminals), and `--stats`.
 */
import type { ScanResult } from '../scan.js';

const SHOW_AFTER_MS = 1000;
const EVERY_MS = 200;

/** A `(done, total)` callback that redraws one line, and a `finish()` that clears it. */
export function progressPrinter(write: (text: string) => void, enabled: boolean): { onProgress?: (done: number, total: number) => void; finish(): void } {
  if (!enabled) return { finish: () => {} };
  const started = performance.now();
  let last = 0;
  let shown = false;
  return {
    onProgress(done, total) {
      const now = performance.now();
      if (now - started < SHOW_AFTER_MS || (now - last < EVERY_MS && done < total)) return;
      last = now;
      shown = true;
      const rate = Math.round(done / ((now - started) / 1000));
      write(`\r\x1b[2Kjwtscan: ${done}/${total} files (${rate} files/s)`);
    },
    finish() {
      if (shown) write('\r\x1b[2K');
    },
  };
}

export function statsLine(result: ScanResult): string {
  const s = result.stats;
  const phases = s.phases ? `; list ${s.phases.listMs} ms, analyse ${s.phases.analyseMs} ms, finish ${s.phases.finishMs} ms` : '';
  return (
    `jwtscan stats: ${s.filesListed} files listed, ${s.filesSkippedByKeywords ?? 0} skipped by the keyword check` +
    `${s.filesScreenedInParallel ? ` (${s.filesScreenedInParallel} on a second thread)` : ''}, ` +
    `${s.filesParsed} parsed, ${s.filesCached ?? 0} from the cache, ${s.filesTextPass ?? 0} by the text pass only, ` +
    `${s.modulesResolved ?? 0} imported modules parsed, ${s.filesReanalysed ?? 0} analysed again for the project's key helpers${phases}; total ${s.durationMs} ms\n`
  );
}

/** With --shard: what this shard owns, what it analysed for it, and how evenly the bytes split. */
export function shardStatsLine(shard: NonNullable<ScanResult['stats']['shard']>): string {
  const mean = shard.bytesPerShard.reduce((a, b) => a + b, 0) / shard.count;
  const spread = mean === 0 ? 0 : (Math.max(...shard.bytesPerShard) / mean - 1) * 100;
  return (
    `jwtscan shard ${shard.index}/${shard.count}: ${shard.files} files, ${shard.bytes} bytes owned; ` +
    `${shard.filesAnalysedForOwn} files of other shards analysed for them; bytes per shard ${shard.bytesPerShard.join(' / ')} (largest +${spread.toFixed(1)}% over the mean)\n`
  );
}
