import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { heapGuard } from '../../src/util/heap-guard.js';

describe('heapGuard', () => {
  it('collects garbage once the used heap passes the threshold, checking every 16th call', () => {
    const guard = heapGuard(1);
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => Array.from({ length: 10_000 }, (_, i) => i));
    expect(garbage.length).toBe(200);
    garbage = undefined;
    const before = v8.getHeapStatistics().used_heap_size;
    for (let i = 0; i < 15; i++) guard.check();
    expect(v8.getHeapStatistics().used_heap_size).toBeGreaterThanOrEqual(before * 0.9); // not yet: 15 calls
    guard.check();
    // ~16 MB of arrays were unreachable: a full collection frees them.
    expect(v8.getHeapStatistics().used_heap_size).toBeLessThan(before - 8 * 1024 * 1024);
  });
});
