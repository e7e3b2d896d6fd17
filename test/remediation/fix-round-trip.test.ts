/**
 * `jwtscan fix` round trips over test/fixtures/fix/ (each folder a small repository): after a fix,
 * a scan reports nothing there, every file still parses, the TypeScript ones type-check against
 * stubs, no old key is left in the tree, a second fix changes nothing and --dry-run writes nothing.
 * The near misses are left, each with its reason.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';
import { configKindOf } from '../../src/config-files/kind.js';
import { parseJson } from '../../src/config-files/parse-json.js';
import { parseYaml } from '../../src/config-files/parse-yaml.js';
import { isSourceFile } from '../../src/files/walk.js';
import { FIXTURES, ROOT } from '../helpers/scan-helpers.js';

const FIX_FIXTURES = path.join(FIXTURES, 'fix');
const FIXABLE = ['config-files', 'express-jwt', 'js-cjs-inline', 'js-config-object', 'nestjs-module', 'ts-env-fallback', 'ts-esm-const'];
const NEAR_MISSES: Record<string, RegExp> = {
  'destructuring-default': /a default in a destructuring pattern/,
  'private-key': /a private key/,
  'shared-literal': /the same key is also written in src\/server\.js/,
  'test-code': /test or example code/,
  'two-keys': /2 different keys would all read JWT_SECRET/,
  'vite-env': /not after a plain process\.env read/,
};
/** Every key of the fixtures has this shape (see test/fixtures/fix/README.md). */
const KEY = /fix-[a-z-]+-\d-[A-Za-z0-9]{20}/g;

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false });
  return { code, stdout, stderr };
}

function copyFixtures(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fix-'));
  fs.cpSync(FIX_FIXTURES, root, { recursive: true });
  return root;
}

function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(files(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

function originalKeys(scenario: string): string[] {
  const all = Object.values(snapshot(path.join(FIX_FIXTURES, scenario))).join('\n');
  return [...new Set(all.match(KEY) ?? [])];
}

describe('jwtscan fix round trips', () => {
  let root: string;
  const firstRuns = new Map<string, Awaited<ReturnType<typeof run>>>();
  beforeAll(async () => {
    await loadBabel();
    root = copyFixtures();
    for (const scenario of FIXABLE) firstRuns.set(scenario, await run(['fix', '--no-cache'], path.join(root, scenario)));
  });

  it.for(FIXABLE)('%s: fixed, then a scan finds nothing', async (scenario) => {
    const dir = path.join(root, scenario);
    const first = firstRuns.get(scenario)!;
    expect(originalKeys(scenario).length).toBeGreaterThan(0);
    expect(first.stdout).toMatch(/^Fixed \d+ keys? in \d+ files?:/m);
    expect(first.stdout).toMatch(/rotate the old keys?: (it stays|they stay) in git history/);
    expect(first.code).toBe(0);
    const scan = await run(['scan', '--format', 'json', '--no-cache', '--fail-on', 'note'], dir);
    expect(JSON.parse(scan.stdout).findings).toEqual([]);
    expect(scan.code).toBe(0);
  });

  it.for(FIXABLE)('%s: every file still parses and no old key is left in the tree', (scenario) => {
    const dir = path.join(root, scenario);
    const tree = snapshot(dir);
    for (const key of originalKeys(scenario)) for (const [file, text] of Object.entries(tree)) expect(text.includes(key), `${key} in ${file}`).toBe(false);
    for (const [file, text] of Object.entries(tree)) {
      if (isSourceFile(file)) {
        const parsed = parseSource(text, file);
        expect(parsed.ok && parsed.recovered, file).toEqual([]);
      } else if (configKindOf(file) === 'json') {
        expect(parseJson(text).error, file).toBeUndefined();
      } else if (configKindOf(file) === 'yaml') {
        expect(parseYaml(text).error, file).toBeUndefined();
      }
    }
    expect(tree['.env.example'] ?? tree['apps/api/.env.example'], 'a .env.example').toMatch(/^[A-Z_]*JWT_SECRET=$/m);
  });

  it.for(FIXABLE)('%s: a second fix changes nothing', async (scenario) => {
    const dir = path.join(root, scenario);
    const before = snapshot(dir);
    const second = await run(['fix', '--no-cache'], dir);
    expect(second.stdout).toBe('Nothing to fix: no hard-coded JWT key found.\n');
    expect(second.code).toBe(0);
    expect(snapshot(dir)).toEqual(before);
  });

  it('the fixed TypeScript fixtures type-check against the stubs (one tsc run)', () => {
    // A control file the check must reject: an unchecked process.env read is `string | undefined`.
    fs.mkdirSync(path.join(root, 'control'));
    fs.writeFileSync(path.join(root, 'control/unchecked.ts'), "import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({}, process.env.JWT_SECRET);\n");
    const config = {
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'esnext', moduleResolution: 'bundler', experimentalDecorators: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')] },
      include: ['ts-*/**/*.ts', 'nestjs-module/**/*.ts', 'control/*.ts', 'stubs.d.ts'],
    };
    fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify(config));
    let output = '';
    try {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    const errors = output.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.filter((line) => !line.startsWith('control/unchecked.ts'))).toEqual([]);
  });
});

describe('jwtscan fix on a file that is not plain UTF-8', () => {
  it('leaves a file with a byte-order mark alone and says why (its columns and bytes would not survive the rewrite)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fix-bom-'));
    const file = path.join(dir, 'auth.js');
    const text = `\uFEFFconst jwt = require('jsonwebtoken');\nconst SECRET = 'bom-file-key-Rt5Yu7Io9Pa1Sd3Fg';\nexports.sign = (claims) => jwt.sign(claims, SECRET);\n`;
    fs.writeFileSync(file, text);
    const result = await run(['fix', '--no-cache', '--no-config'], dir);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    expect(result.stdout).toMatch(/auth\.js:2.*byte-order mark/);
  });
});

describe('jwtscan fix --dry-run', () => {
  it('shows neither a suppressed key beside a fixed one nor the other values of the lines around it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fix-near-'));
    const suppressed = 'suppressed-mock-key-Qw8Er4Ty6Ui2Op0As';
    const fixed = 'fixable-real-key-Zx9Cv7Bn5Mm3Lk1Jh';
    const password = 'db-password-Pl4Ok6Ij8Uh2Yg';
    fs.writeFileSync(
      path.join(dir, 'auth.js'),
      [
        "const jwt = require('jsonwebtoken');",
        `const db = connect('postgres://app:${password}@db');`,
        '// jwtscan-ignore-next-line jwt-inline-secret -- key of the local mock server, never deployed',
        `exports.mock = (claims) => jwt.sign(claims, '${suppressed}');`,
        `const SECRET = '${fixed}';`,
        'exports.sign = (claims) => jwt.sign(claims, SECRET);',
        '',
      ].join('\n'),
    );
    const dry = await run(['fix', '--dry-run', '--no-cache', '--no-config'], dir);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^-const SECRET = …;$/m);
    for (const value of [suppressed, fixed, password]) {
      expect(dry.stdout).not.toContain(value);
      expect(dry.stdout).not.toContain(value.slice(-12));
    }
  });

  it.for(FIXABLE)('%s: prints a diff without key material and writes nothing', async (scenario) => {
    const root = copyFixtures();
    const dir = path.join(root, scenario);
    const before = snapshot(dir);
    const dry = await run(['fix', '--dry-run', '--no-cache'], dir);
    expect(snapshot(dir)).toEqual(before);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^--- (a\/|\/dev\/null)/m);
    expect(dry.stdout).toMatch(/^\+\+\+ b\//m);
    expect(dry.stdout).toMatch(/^-.*…/m);
    expect(dry.stdout).toMatch(/^Would fix/m);
    for (const key of originalKeys(scenario)) expect(dry.stdout).not.toContain(key);
    // No piece of a key either (the scrubber removes runs of six key characters or more).
    for (const key of originalKeys(scenario)) expect(dry.stdout).not.toContain(key.slice(-20));
  });
});

describe('jwtscan fix near misses', () => {
  it.for(Object.entries(NEAR_MISSES))('%s: left as it is, with the reason', async ([scenario, reason]) => {
    const root = copyFixtures();
    const dir = path.join(root, 'near-misses', scenario);
    const before = snapshot(dir);
    const result = await run(['fix', '--no-cache'], dir);
    expect(result.stdout).toMatch(/^Left \d+ keys? as (it is|they are) \(fix by hand\):/m);
    expect(result.stdout).toMatch(reason);
    expect(result.stdout).not.toMatch(/^Fixed/m);
    expect(result.code).toBe(1);
    expect(snapshot(dir)).toEqual(before);
    for (const key of originalKeys(`near-misses/${scenario}`)) expect(result.stdout).not.toContain(key);
  });
});
