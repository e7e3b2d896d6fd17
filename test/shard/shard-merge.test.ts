import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { shardOf } from '../../src/shard/assign.js';
import { FIXTURES, ROOT } from '../helpers/scan-helpers.js';

const APP = path.join(FIXTURES, 'shard/app');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-shard-'));

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: APP, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

/** Scans shard k/n of the fixture app into a file; returns its path. */
async function scanShard(k: number, n: number, format: 'json' | 'sarif'): Promise<string> {
  const file = path.join(out, `${format}-${k}-of-${n}.${format}`);
  const { code, stderr } = await run(['scan', '.', '--no-cache', '--no-config', '--format', format, '--shard', `${k}/${n}`, '--output', file, '--fail-on', 'none']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return file;
}

async function merge(files: string[]): Promise<string> {
  const { code, stdout, stderr } = await run(['merge', ...files]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return stdout;
}

/** The fixture's cross-file pairs (the file reported, the file whose analysis it needs). */
const CROSS_FILE = [
  ['src/routes/login.ts', 'src/lib/tokens.ts'], // derived sink
  ['src/routes/login.ts', 'src/lib/session.ts'], // a wrapper of the derived sink
  ['src/keys/constants.ts', 'src/auth/issue.ts'], // an import through a barrel: reported in the constant's file
  ['src/settings/defaults.ts', 'src/server/verify.ts'], // linked by property path
  ['.env', 'src/auth/env.ts'], // a config value read by code
  ['src/tokens/sample.ts', 'src/tokens/signer.ts'], // a token proven weak by a key in another file
] as const;

describe('scan --shard and merge', () => {
  it('the fixture has every cross-file flow, and each pair lands in different shards for some N', async () => {
    const whole = JSON.parse((await run(['scan', '.', '--no-cache', '--no-config', '--format', 'json', '--fail-on', 'none'])).stdout);
    const reported = (whole.findings as { path: string; messageId: string }[]).map((f) => `${path.relative(path.relative(ROOT, APP), f.path)} ${f.messageId}`).sort();
    expect(reported).toEqual([
      '.env linkedKey',
      'src/keys/constants.ts literalViaBinding',
      'src/routes/login.ts literalViaArgument',
      'src/routes/login.ts literalViaArgument',
      'src/settings/defaults.ts literalViaPropertyPath',
      'src/tokens/sample.ts provenWeakToken',
      'src/tokens/signer.ts inlineKey',
    ]);
    // Paths are relative to the repository root, as the scan reports them.
    const at = (file: string) => path.relative(ROOT, path.join(APP, file)).split(path.sep).join('/');
    for (const [a, b] of CROSS_FILE) expect([2, 3, 4, 5].filter((n) => shardOf(at(a), n) !== shardOf(at(b), n)).length, `${a} / ${b}`).toBeGreaterThanOrEqual(1);
  });

  describe.for(['json', 'sarif'] as const)('%s', (format) => {
    it.for([1, 2, 3, 4, 5])('the N=%i shards merged equal the unsharded scan merged, byte for byte', async (n) => {
      const expected = await merge([await scanShard(1, 1, format)]);
      const shards: string[] = [];
      for (let k = 1; k <= n; k++) shards.push(await scanShard(k, n, format));
      expect(await merge(shards.reverse())).toBe(expected);
    });
  });

  it('shards fill and reuse one result cache: cold and warm, the merge equals the unsharded scan', async () => {
    // A copy outside the repository, so the cache goes to XDG_CACHE_HOME (not the repository's node_modules).
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-shard-app-'));
    fs.cpSync(APP, copy, { recursive: true });
    const env = { XDG_CACHE_HOME: path.join(copy, '.cache') };
    const scanInCopy = async (shard: string, cache: boolean) => {
      const file = path.join(out, `cache-${shard.replace('/', '-of-')}-${cache}.json`);
      const argv = ['scan', '.', '--no-config', '--exclude', '.cache', '--format', 'json', '--shard', shard, '--output', file, '--fail-on', 'none', ...(cache ? [] : ['--no-cache'])];
      const result = await main(argv, { stdout: () => {}, stderr: () => {}, cwd: copy, env, isTTY: false });
      expect(result).toBe(0);
      return file;
    };
    const mergeInCopy = async (files: string[]) => {
      let stdout = '';
      expect(await main(['merge', ...files], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: copy, env, isTTY: false })).toBe(0);
      return stdout;
    };
    const expected = await mergeInCopy([await scanInCopy('1/1', false)]);
    for (const pass of ['cold', 'warm']) {
      const shards = [await scanInCopy('1/3', true), await scanInCopy('2/3', true), await scanInCopy('3/3', true)];
      const merged = JSON.parse(await mergeInCopy(shards));
      const want = JSON.parse(expected);
      // (a warm scan parses nothing: the files come from the cache)
      delete merged.summary.filesParsed;
      delete want.summary.filesParsed;
      expect(merged, pass).toEqual(want);
    }
    expect(fs.readdirSync(path.join(copy, '.cache', 'jwtscan')).length).toBeGreaterThan(0);
  });

  it('the run identity never hashes configured weak key values: only their number decides', async () => {
    const settingsWith = async (weakSecrets: string[]) => {
      const config = path.join(out, `config-${weakSecrets.length}-${weakSecrets[0]!.length}.json`);
      fs.writeFileSync(config, JSON.stringify({ weakSecrets }));
      const { code, stdout } = await run(['scan', '.', '--no-cache', '--config', config, '--format', 'json', '--shard', '1/2', '--fail-on', 'none']);
      expect(code).toBe(0);
      return JSON.parse(stdout).run.settings as string;
    };
    const one = await settingsWith(['old-team-password-1']);
    expect(await settingsWith(['another-old-key-22'])).toBe(one);
    expect(await settingsWith(['old-team-password-1', 'another-old-key-22'])).not.toBe(one);
  });

  it('merge refuses reports that do not belong together, with a clear error (exit 2)', async () => {
    const json = await scanShard(1, 2, 'json');
    const json2 = await scanShard(2, 2, 'json');
    const sarif2 = await scanShard(2, 2, 'sarif');
    const refused = async (files: string[], message: RegExp, extra: string[] = []) => {
      const { code, stdout, stderr } = await run(['merge', ...files, ...extra]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    };
    await refused([json, sarif2], /^jwtscan: cannot merge reports of different formats: .*json-1-of-2\.json is JSON, .*sarif-2-of-2\.sarif is SARIF\n$/);
    const older = path.join(out, 'older.json');
    fs.writeFileSync(older, fs.readFileSync(json2, 'utf8').replace(/"version": "[^"]+"/, '"version": "0.0.1"'));
    await refused([json, older], /cannot merge reports of different jwtscan versions: .* has \d+\.\d+\.\d+.*, .*older\.json has 0\.0\.1/);
    const otherSettings = path.join(out, 'settings.json');
    fs.writeFileSync(otherSettings, fs.readFileSync(json2, 'utf8').replace(/"settings": "[^"]+"/, '"settings": "0000"'));
    await refused([json, otherSettings], /different settings .* give every shard the same config and options/);
    await refused([json], /shard 2\/2 missing: .*--allow-partial/);
    await refused([json, json], /shard 1\/2 is given twice/);
    await refused([json, await scanShard(2, 3, 'json')], /different splits: .* is 1\/2, .* is 2\/3/);
    await refused([path.join(APP, '.env')], /is not a JSON or SARIF report of jwtscan/);
    const partial = await run(['merge', json, '--allow-partial']);
    expect(partial.code).toBe(0);
    expect(JSON.parse(partial.stdout).findings).toEqual(JSON.parse(fs.readFileSync(json, 'utf8')).findings);
  });

  it('--shard takes K/N with 1 <= K <= N (--history with --shard: test/git/history-shard.test.ts)', async () => {
    for (const bad of ['0/2', '3/2', '2', 'a/b', '1/0']) {
      const { code, stderr } = await run(['scan', '.', '--shard', bad]);
      expect(code, bad).toBe(2);
      expect(stderr).toMatch(/option '--shard <K\/N>' argument .* is invalid/);
    }
  });

  it('a path keeps its shard whatever else is listed, and shards split paths about evenly', () => {
    const paths = Array.from({ length: 4000 }, (_, i) => `packages/p${i % 40}/src/file-${i}.ts`);
    const counts = [0, 0, 0, 0];
    for (const p of paths) counts[shardOf(p, 4) - 1]!++;
    for (const c of counts) expect(Math.abs(c - 1000)).toBeLessThan(120);
    expect(shardOf('src/a.ts', 4)).toBe(shardOf('src/a.ts', 4));
    expect(shardOf('src/a.ts', 1)).toBe(1);
  });
});
