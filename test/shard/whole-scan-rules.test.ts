/**
 * A rule over the whole scan's findings (jwt-reused-secret: one key in several places) needs every
 * shard's findings, so a --shard scan does not run it and says so once, instead of reporting a
 * reuse some shards see and others do not.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';

const CASE = path.join(RULE_FIXTURES, 'jwt-reused-secret/idiom-reuse-services');

describe('whole-scan rules under --shard', () => {
  it('runs unsharded, and in a shard only leaves a note', async () => {
    const whole = await scanPaths([CASE]);
    expect(whole.findings.some((f) => f.ruleId === 'jwt-reused-secret')).toBe(true);
    for (const index of [1, 2]) {
      const part = await scanPaths([CASE], { shard: { index, count: 2 } });
      expect(part.findings.filter((f) => f.ruleId === 'jwt-reused-secret')).toEqual([]);
      expect(part.diagnostics.filter((d) => d.kind === 'shard-limit').map((d) => d.message)).toEqual([expect.stringContaining('jwt-reused-secret')]);
    }
  });
});
