/**
 * Keeps the CLI's peak memory near what it uses, not what V8 lets garbage grow to. A scan parses
 * hundreds of files whose syntax trees die after a few milliseconds; many outlive a young-generation
 * collection and V8 lets the old generation fill with them (measured: 30 MB live after a scan of the
 * 20k-file bench corpus, 330–360 MB peak RSS). A full collection when the used heap passes a
 * threshold costs ~35 ms and keeps the peak near 250 MB.
 *
 * For the CLI process only (it owns the process): `expose-gc` is a process-wide V8 flag, so the
 * `scan()` API never sets it. The threshold adapts: after a collection it becomes at least twice
 * what survived, so a scan whose live data is large is never collected over and over.
 */
import { builtins } from './builtins.js';

const CHECK_EVERY = 16;

export function heapGuard(thresholdMB: number): { check(): void } {
  // Found on the first need: exposing gc costs a new V8 context (~7 ms), which a small scan (every
  // pre-commit run) never needs.
  let collect: (() => void) | null | undefined;
  let threshold = thresholdMB * 1024 * 1024;
  let calls = 0;
  return {
    check() {
      if (++calls % CHECK_EVERY !== 0) return;
      if (builtins.v8().getHeapStatistics().used_heap_size < threshold) return;
      collect ??= exposedGc();
      if (!collect) return; // no gc to call here: V8 manages alone
      collect();
      threshold = Math.max(threshold, 2 * builtins.v8().getHeapStatistics().used_heap_size);
    },
  };
}

function exposedGc(): (() => void) | null {
  try {
    builtins.v8().setFlagsFromString('--expose-gc');
    const gc = builtins.vm().runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : null;
  } catch {
    return null;
  }
}
