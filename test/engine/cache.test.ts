/** The result cache: warm scans reuse results, any change that matters invalidates them, no key reaches the disk. */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { scanPaths } from '../helpers/scan-helpers.js';
import { makeTree } from '../helpers/temp-tree.js';

// The running build's id (dist/build-id), switchable here to stand for another build of the same version.
const build = vi.hoisted(() => ({ id: 'build-a' }));
vi.mock('../../src/version.js', async (original) => ({ ...(await original<typeof import('../../src/version.js')>()), buildId: () => build.id }));

const KEY = 'cache-test-config-key-Rt6Yu8Io0Pa2Sd4F';

function project() {
  return makeTree({
    'src/config.ts': `export const config = { jwt: { secret: process.env.JWT_SECRET ?? '${KEY}' } };\n`,
    'src/auth.ts': `import jwt from 'jsonwebtoken';\nimport { config } from './config';\nexport const t = (s: string) => jwt.verify(s, config.jwt.secret);\n`,
    'src/env-only.ts': `import jwt from 'jsonwebtoken';\nexport const u = (s: string) => jwt.verify(s, process.env.JWT_SECRET!);\n`,
    'src/inline.ts': `import jwt from 'jsonwebtoken';\nexport const v = (s: string) => jwt.verify(s, 'cache-test-inline-key-Lk9Jh7Gf5Ds3Az1X');\n`,
    'src/plain.ts': `export const add = (a: number, b: number) => a + b;\n`,
  });
}

const shape = (r: Awaited<ReturnType<typeof scanPaths>>) => r.findings.map((f) => `${f.file}:${f.region.start.line} ${f.ruleId} ${f.fingerprint} ${f.message}`);

function filesUnder(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile()) : [];
}

describe('result cache', () => {
  it('a warm scan gives the same report from the cache; a changed imported module invalidates its importers', async () => {
    const root = project();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const cold = await scanPaths([root], { cwd: root, cacheDir });
    const warm = await scanPaths([root], { cwd: root, cacheDir });
    expect(cold.stats.filesCached).toBe(0);
    // auth.ts reads a key literal through config.ts (kept in memory for the token rule): not cached; env-only.ts is.
    expect(warm.stats.filesCached).toBeGreaterThanOrEqual(1);
    expect(warm.stats.filesParsed).toBeLessThan(cold.stats.filesParsed);
    expect(shape(warm)).toEqual(shape(cold));
    expect(cold.findings.some((f) => f.file === 'src/config.ts')).toBe(true);

    // The env-only file starts importing the config module, which then changes: both edits are seen.
    fs.writeFileSync(path.join(root, 'src/env-only.ts'), `import jwt from 'jsonwebtoken';\nimport { config } from './config';\nexport const u = (s: string) => jwt.verify(s, config.jwt.secret);\n`);
    await scanPaths([root], { cwd: root, cacheDir });
    fs.writeFileSync(path.join(root, 'src/config.ts'), `export const config = { jwt: { secret: process.env.JWT_SECRET! } };\n`);
    const after = await scanPaths([root], { cwd: root, cacheDir });
    expect(after.findings.filter((f) => f.file === 'src/config.ts')).toEqual([]);
  });

  it('never writes key material: files whose analysis holds keys are not cached, and entries hold redacted findings only', async () => {
    const root = project();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    await scanPaths([root], { cwd: root, cacheDir });
    await scanPaths([root], { cwd: root, cacheDir });
    const stored = filesUnder(cacheDir).map((f) => fs.readFileSync(f, 'utf8'));
    expect(stored.length).toBeGreaterThan(0);
    for (const text of stored) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('cache-test-inline-key-Lk9Jh7Gf5Ds3Az1X');
    }
  });

  it('another build of the same version does not reuse entries (a git revision between releases)', async () => {
    const root = project();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const first = await scanPaths([root], { cwd: root, cacheDir });
    expect(first.stats.filesParsed).toBeGreaterThan(0);
    build.id = 'build-b';
    try {
      expect((await scanPaths([root], { cwd: root, cacheDir })).stats.filesCached).toBe(0);
    } finally {
      build.id = 'build-a';
    }
    expect((await scanPaths([root], { cwd: root, cacheDir })).stats.filesCached).toBe(first.stats.filesParsed);
  });

  it('different settings do not share entries; a corrupt entry is a miss', async () => {
    const root = project();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    await scanPaths([root], { cwd: root, cacheDir });
    const other = await scanPaths([root], { cwd: root, cacheDir, maxParseSize: 100_000 });
    expect(other.stats.filesCached).toBe(0);
    for (const file of filesUnder(cacheDir)) fs.writeFileSync(file, '{ not json');
    const again = await scanPaths([root], { cwd: root, cacheDir });
    expect(again.stats.filesCached).toBe(0);
    expect(again.findings.length).toBeGreaterThan(0);
  });
});

describe('result cache invalidation through module resolution', () => {
  it('a new file that shadows the resolved module, or a remapped tsconfig alias, invalidates the importer', async () => {
    const root = makeTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@keys': ['src/env-keys.ts'] } } }),
      'src/env-keys.ts': `export const KEY = process.env.KEY!;\n`,
      'src/dev-keys.ts': `export const KEY = 'cache-alias-dev-key-Pw3Eq5Ry7Ut9Io1P';\n`,
      'src/config/index.ts': `export const SECRET = process.env.SECRET!;\n`,
      'src/auth.ts': `import jwt from 'jsonwebtoken';\nimport { KEY } from '@keys';\nimport { SECRET } from './config';\nexport const a = (t: string) => jwt.verify(t, KEY);\nexport const b = (t: string) => jwt.verify(t, SECRET);\n`,
    });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const scanIt = () => scanPaths([root], { cwd: root, cacheDir });
    expect((await scanIt()).findings).toEqual([]);
    expect((await scanIt()).stats.filesCached).toBe(1);

    fs.writeFileSync(path.join(root, 'src/config.ts'), `export const SECRET = 'cache-shadow-key-Lq2Wz4Xc6Vb8Nm0Kj3';\n`);
    expect((await scanIt()).findings.map((f) => f.file)).toEqual(['src/config.ts']);

    fs.rmSync(path.join(root, 'src/config.ts'));
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@keys': ['src/dev-keys.ts'] } } }));
    expect((await scanIt()).findings.map((f) => f.file)).toEqual(['src/dev-keys.ts']);
  });
});

describe('rule memo in the cache', () => {
  it('remembers the public-list verdict of a token by digest: same report warm, nothing of the token or key on disk', async () => {
    const { publicSecrets } = await import('../../rules/data/public-secrets.js');
    const { KNOWN_DEFAULT_SECRETS } = await import('../../rules/data/known-defaults.js');
    const { createHmac } = await import('node:crypto');
    const defaults = new Set(KNOWN_DEFAULT_SECRETS);
    const secret = [...publicSecrets()].find((s) => s.length >= 12 && /^[a-z0-9]+$/i.test(s) && !defaults.has(s))!;
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'memo-test', exp: 4102444800 })}`;
    const token = `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
    const root = makeTree({ 'src/client.ts': `export const TOKEN = '${token}';\n` });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const cold = await scanPaths([root], { cwd: root, cacheDir });
    const warm = await scanPaths([root], { cwd: root, cacheDir });
    expect(cold.findings.map((f) => f.messageId)).toEqual(['provenWeakToken']);
    expect(shape(warm)).toEqual(shape(cold));
    const stored = filesUnder(cacheDir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(stored).toContain('yes');
    expect(stored).not.toContain(token.split('.')[2]!);
    expect(stored).not.toContain(input);
    expect(stored).not.toContain(secret);
  });
});

describe('cross-file facts of cached files (sealed)', () => {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const tokenSignedWith = (key: string, sub: string) => {
    const input = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub, exp: 4102444800 })}`;
    return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
  };
  const KEY_A = 'sealed-facts-key-Qa1Ws2Ed3Rf4Tg5Yh6Uj';
  const KEY_B = 'sealed-facts-key-Zx9Cv8Bn7Mm6Lk5Jh4Gf';
  const keyFile = (key: string) => `import jwt from 'jsonwebtoken';\nexport const v = (t: string) => jwt.verify(t, '${key}');\n`;
  const tokenFile = (token: string) => `export const TOKEN = '${token}';\n`;
  const tokenVerdict = (r: Awaited<ReturnType<typeof scanPaths>>) =>
    r.findings.filter((f) => f.ruleId === 'jwt-hardcoded-token').map((f) => `${f.messageId} ${f.message.replace(/^.* verifies with /, '')}`);

  it('a warm scan re-applies the cross-file proof without re-reading either file; an edit on either side re-runs it', async () => {
    const root = makeTree({ 'src/keys.ts': keyFile(KEY_A), 'src/fixtures.ts': tokenFile(tokenSignedWith(KEY_A, 'a')) });
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const cold = await scanPaths([root], { cwd: root, cacheDir });
    expect(tokenVerdict(cold)[0]).toMatch(/^provenWeakToken the key hard-coded at src\/keys\.ts:2/);

    const warm = await scanPaths([root], { cwd: root, cacheDir });
    expect(warm.stats.filesParsed).toBe(0);
    expect(warm.stats.filesCached).toBe(2);
    expect(shape(warm)).toEqual(shape(cold));
    const stored = filesUnder(cacheDir).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    expect(stored).not.toContain(KEY_A);
    expect(stored).not.toContain(tokenSignedWith(KEY_A, 'a').split('.')[2]!);

    // The key changes: the cached token file is re-read for its facts, and the proof is gone.
    fs.writeFileSync(path.join(root, 'src/keys.ts'), keyFile(KEY_B));
    const keyChanged = await scanPaths([root], { cwd: root, cacheDir });
    expect(tokenVerdict(keyChanged)[0]).toMatch(/^hardcodedToken /);

    // The token changes to one the (now cached) key file proves: its facts are re-read too.
    fs.writeFileSync(path.join(root, 'src/fixtures.ts'), tokenFile(tokenSignedWith(KEY_B, 'b')));
    const tokenChanged = await scanPaths([root], { cwd: root, cacheDir });
    expect(tokenChanged.stats.filesParsed).toBe(1);
    expect(tokenVerdict(tokenChanged)[0]).toMatch(/^provenWeakToken the key hard-coded at src\/keys\.ts:2/);
    expect(shape(tokenChanged)).toEqual(shape(await scanPaths([root], { cwd: root })));
  });
});
