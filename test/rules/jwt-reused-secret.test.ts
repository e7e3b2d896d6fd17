/**
 * jwt-reused-secret beyond what fixture annotations say: warm (cached) scans equal cold ones, no key
 * or digest reaches the cache, suppressions and config levels apply, and the pieces the rule stands on
 * (comparable key text, token kinds by name, services) behave at their edges.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { main, type Io } from '../../src/main.js';
import { SECRET_SINK_KEYWORDS, SECRET_SINKS } from '../../rules/data/secret-sinks.js';
import { tokenKindOfName } from '../../src/analysis/token-kind.js';
import { comparableKey, comparableKeyDigest } from '../../src/engine/key-digest.js';
import { serviceResolver } from '../../src/modules/services.js';
import { reportContext, RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';
import { sarifReporter } from '../../src/reporters/sarif.js';
import { textReporter } from '../../src/reporters/text.js';
import { makeTree } from '../helpers/temp-tree.js';

const KEY = 'reuse-test-shared-key-Qm4Wn7Er1Ty5Ui9O';

function monorepo(extra: Record<string, string> = {}) {
  return makeTree({
    'package.json': JSON.stringify({ name: 'mono', private: true, workspaces: ['services/*'] }),
    'services/billing/package.json': JSON.stringify({ name: '@m/billing' }),
    'services/billing/src/auth.ts': `import jwt from 'jsonwebtoken';\nexport const sign = (sub: string) => jwt.sign({ sub }, '${KEY}');\n`,
    'services/orders/package.json': JSON.stringify({ name: '@m/orders' }),
    'services/orders/src/auth.ts': `import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, '${KEY}');\n`,
    'services/orders/src/session.ts': `import session from 'express-session';\nexport const s = session({ secret: 'orders-session-secret-Lp3Kd8Fg2Hj6' });\n`,
    ...extra,
  });
}

const shape = (r: Awaited<ReturnType<typeof scanPaths>>) =>
  r.findings.map((f) => `${f.file}:${f.region.start.line} ${f.ruleId} ${f.level} ${f.fingerprint} ${f.message} ${JSON.stringify(f.related)}`);

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => fs.statSync(f).isFile());
}

describe('jwt-reused-secret', () => {
  it('reports one finding per shared key, at its first place, the same from the cache as without it', async () => {
    const root = monorepo();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-reuse-'));
    const cold = await scanPaths([root], { cwd: root, cacheDir });
    const warm = await scanPaths([root], { cwd: root, cacheDir });
    expect(warm.stats.filesCached).toBeGreaterThan(0);
    expect(shape(warm)).toEqual(shape(cold));
    const reused = cold.findings.filter((f) => f.ruleId === 'jwt-reused-secret');
    expect(reused.map((f) => `${f.file}:${f.region.start.line}`)).toEqual(['services/billing/src/auth.ts:2']);
    expect(reused[0]!.message).toContain('2 services (services/billing, services/orders)');
    expect(reused[0]!.related.map((r) => r.file)).toContain('services/orders/src/auth.ts');
    // The cache holds positions and redactions: neither key nor anything derived from it by the step.
    for (const file of filesUnder(cacheDir)) {
      const text = fs.readFileSync(file, 'utf8');
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('orders-session-secret');
    }
  });

  it('SARIF (schema-valid) and text name the other places as places, not as calls', async () => {
    const root = monorepo();
    const result = await scanPaths([root], { cwd: root });
    const log = JSON.parse(sarifReporter.format(result, reportContext())) as { runs: { results: { ruleId: string; message: { text: string } }[] }[] };
    expect(sarifSchemaErrors(log)).toEqual([]);
    const message = log.runs[0]!.results.find((r) => r.ruleId === 'jwt-reused-secret')!.message.text;
    expect(message).toContain('Key of [jsonwebtoken.sign](1), [jsonwebtoken.verify](3). Other places of the key: [the same key (services/orders)](2).');
    const text = textReporter.format(result, reportContext());
    expect(text).toContain('↳ the same key (services/orders) at services/orders/src/auth.ts:2:');
    expect(text).not.toContain(KEY);
  });

  it('a changed file changes the warm result as it changes the cold one', async () => {
    const root = monorepo();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-reuse-'));
    await scanPaths([root], { cwd: root, cacheDir });
    fs.writeFileSync(path.join(root, 'services/orders/src/auth.ts'), `import jwt from 'jsonwebtoken';\nexport const check = (t: string) => jwt.verify(t, 'orders-own-key-Zx8Cv2Bn6Mq0Wp4E');\n`);
    const warm = await scanPaths([root], { cwd: root, cacheDir });
    const cold = await scanPaths([root], { cwd: root });
    expect(warm.findings.filter((f) => f.ruleId === 'jwt-reused-secret')).toEqual([]);
    expect(shape(warm)).toEqual(shape(cold));
  });

  it('a key that is also a session secret is reported once with both purposes, never printing the key', async () => {
    const root = monorepo({ 'services/orders/src/session.ts': `import session from 'express-session';\nexport const s = session({ secret: '${KEY}' });\n` });
    const result = await scanPaths([root], { cwd: root });
    const [reused, ...more] = result.findings.filter((f) => f.ruleId === 'jwt-reused-secret');
    expect(more).toEqual([]);
    expect(reused!.messageId).toBe('sharedAcrossServices');
    expect(reused!.message).toContain('also used as the session secret of express-session');
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('a jwtscan-ignore comment for the rule suppresses it, and is then not reported as unused', async () => {
    const root = monorepo({
      'services/billing/src/auth.ts': `import jwt from 'jsonwebtoken';\n// jwtscan-ignore-next-line jwt-reused-secret -- one key until the split lands\nexport const sign = (sub: string) => jwt.sign({ sub }, '${KEY}');\n`,
    });
    const result = await scanPaths([root], { cwd: root });
    const reused = result.findings.filter((f) => f.ruleId === 'jwt-reused-secret');
    expect(reused.map((f) => f.suppression?.justification)).toEqual(['one key until the split lands']);
    expect(result.diagnostics.filter((d) => d.kind === 'unused-suppression')).toEqual([]);
  });

  it('the config sets its level, and switching it off leaves the other rules as they were', async () => {
    const root = monorepo();
    const asError = await scanPaths([root], { cwd: root, levels: { 'jwt-reused-secret': 'error' } });
    expect(asError.findings.find((f) => f.ruleId === 'jwt-reused-secret')?.level).toBe('error');
    const without = await scanPaths([root], { cwd: root, rules: RULES.filter((r) => r.id !== 'jwt-reused-secret') });
    const all = await scanPaths([root], { cwd: root });
    expect(shape(without)).toEqual(shape(all).filter((line) => !line.includes(' jwt-reused-secret ')));
  });

  it("never changes another finding's fingerprint (baselines stay valid), also where its rule id sorts first", async () => {
    // jwt-secret-by-name sorts after jwt-reused-secret at the same literal.
    const dir = path.join(RULE_FIXTURES, 'jwt-reused-secret/idiom-reuse-environments-object');
    const all = await scanPaths([dir]);
    const without = await scanPaths([dir], { rules: RULES.filter((r) => r.id !== 'jwt-reused-secret') });
    expect(all.findings.some((f) => f.ruleId === 'jwt-reused-secret')).toBe(true);
    expect(shape(without)).toEqual(shape(all).filter((line) => !line.includes(' jwt-reused-secret ')));
  });

  it('a baseline made with the finding hides it (it carries the baseline key digest like any finding)', async () => {
    const root = monorepo();
    const result = await scanPaths([root], { cwd: root, keySalt: 'baseline-salt' });
    expect(result.findings.find((f) => f.ruleId === 'jwt-reused-secret')?.keyDigest).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the whole fixture set: every reuse finding is at a place with another finding of its key', async () => {
    const result = await scanPaths([path.join(RULE_FIXTURES, 'jwt-reused-secret')]);
    const reused = result.findings.filter((f) => f.ruleId === 'jwt-reused-secret');
    expect(reused.length).toBeGreaterThanOrEqual(6);
    for (const f of reused) expect(result.findings.some((g) => g !== f && g.file === f.file && g.region.start.line === f.region.start.line)).toBe(true);
  });
});

describe('comparable key text', () => {
  const at = (source: string, line: number, from: number, to: number) => comparableKey(source, { start: { line, column: from }, end: { line, column: to } });

  it('reads string escapes, so one key written two ways compares equal', () => {
    expect(at(`x = 'a\\nb\\x41\\u0042'`, 1, 5, 22)).toBe('a\nbAB');
    expect(at('k=plain-value', 1, 3, 14)).toBe('plain-value');
  });

  it('reduces a PEM private key to its body: escaped, multi-line and CRLF forms are one key', () => {
    const body = 'MC4CAQAwBQYDK2VwBCIEIHcHbQpzGKV9PBbBclGyZkXfTC+H68CZKrF3+6UduSwq';
    const escaped = `'-----BEGIN PRIVATE KEY-----\\n${body}\\n-----END PRIVATE KEY-----\\n'`;
    const crlf = `\`-----BEGIN PRIVATE KEY-----\r\n${body}\r\n-----END PRIVATE KEY-----\``;
    const a = comparableKeyDigest(escaped, { start: { line: 1, column: 1 }, end: { line: 1, column: escaped.length + 1 } }, 's');
    const b = comparableKeyDigest(crlf, { start: { line: 1, column: 1 }, end: { line: 3, column: 27 } }, 's');
    expect(a?.privateKey).toBe(true);
    expect(a?.digest).toBe(b?.digest);
    // The digest depends on the salt: two scans' digests cannot be matched up.
    expect(comparableKeyDigest(escaped, { start: { line: 1, column: 1 }, end: { line: 1, column: escaped.length + 1 } }, 't')?.digest).not.toBe(a?.digest);
  });
});

describe('token kind by name', () => {
  it.for([
    ['generateAccessToken', 'access'],
    ['REFRESH_TOKEN_SECRET', 'refresh'],
    ['refresh-key', 'refresh'],
    ['accessSecret', 'access'],
    ['accessOrRefresh', undefined],
    ['accessibility', undefined],
    ['refreshed', undefined],
    ['signToken', undefined],
  ] as const)('%s → %s', ([name, kind]) => {
    expect(tokenKindOfName(name)).toBe(kind);
  });
});

describe('services', () => {
  it('a package that runs on its own: under apps/ or services/, or with a start, dev or serve script; no library, root or plain folder', () => {
    const root = makeTree({
      'package.json': JSON.stringify({ workspaces: ['libs/*'] }),
      'libs/auth/package.json': JSON.stringify({ scripts: { 'start:prod': 'node dist/main.js' } }),
      'libs/util/package.json': JSON.stringify({ scripts: { build: 'tsc' } }),
      'apps/web/package.json': '{}',
      'packages/plugin/package.json': JSON.stringify({ scripts: { 'lib:build': 'tsc' } }),
      'apps/web/src/a.ts': '',
      'libs/auth/src/b.ts': '',
      'libs/util/src/e.ts': '',
      'packages/plugin/src/f.ts': '',
      'tools/c.ts': '',
      'apps/no-manifest/d.ts': '',
    });
    const serviceOf = serviceResolver(root, (file) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : undefined));
    expect(serviceOf('apps/web/src/a.ts')).toBe('apps/web');
    expect(serviceOf('libs/auth/src/b.ts')).toBe('libs/auth');
    // Libraries (found on ever-gauzy: plugins with only build scripts, loaded into one API server).
    expect(serviceOf('libs/util/src/e.ts')).toBeUndefined();
    expect(serviceOf('packages/plugin/src/f.ts')).toBeUndefined();
    expect(serviceOf('tools/c.ts')).toBeUndefined();
    expect(serviceOf('apps/no-manifest/d.ts')).toBeUndefined();
  });
});

it('every secret sink module passes the rule prefilter (its name holds a keyword)', () => {
  for (const sink of SECRET_SINKS) expect(SECRET_SINK_KEYWORDS.some((k) => [sink.module, ...sink.export].join(' ').toLowerCase().includes(k)), sink.module).toBe(true);
});

it('every rule\'s help, as `jwtscan rules <id>` prints it, carries the rotation checklist', async () => {
  for (const rule of RULES) {
    let stdout = '';
    const io: Io = { stdout: (t) => (stdout += t), stderr: () => {}, cwd: os.tmpdir(), env: {}, isTTY: false };
    expect(await main(['rules', rule.id], io)).toBe(0);
    expect(stdout, rule.id).toContain('## Rotating a committed key');
    expect(stdout, rule.id).toContain('jwtscan gen-secret');
    expect(stdout, rule.id).toContain('jwtscan scan --history');
  }
});
