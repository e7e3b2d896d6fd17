/**
 * The config-file parsers: positions of values, the grammar corners that decide what a value is, and
 * bad input (alias bombs, deep nesting, broken syntax, BOM, CRLF) in bounded time without a crash.
 */
import { describe, expect, it } from 'vitest';
import { configEnvironmentOf, configKindOf } from '../../src/config-files/kind.js';
import { parseDotenv } from '../../src/config-files/parse-dotenv.js';
import { parseJson } from '../../src/config-files/parse-json.js';
import { parseYaml } from '../../src/config-files/parse-yaml.js';
import { scanConfigFile } from '../../src/config-files/scan-config.js';
import { RULES } from '../../rules/index.js';

const at = (source: string, e: { start: number; end: number }) => source.slice(e.start, e.end);

describe('which files', () => {
  it.for([
    ['.env', 'dotenv', 'default'],
    ['apps/api/.env.production', 'dotenv', 'production'],
    ['.env.development.local', 'dotenv', 'development'],
    ['.env.test', 'dotenv', 'test'],
    ['.env.example', 'dotenv', 'template'],
    ['.dist.env', 'dotenv', 'template'],
    ['prod.env', 'dotenv', 'production'],
    ['config/default.json', 'json', 'default'],
    ['config/production.json5', 'json', 'production'],
    ['src/settings.json', 'json', 'default'],
    ['docker-compose.yml', 'yaml', 'default'],
    ['docker-compose.dev.yaml', 'yaml', 'development'],
    ['k8s/secret.yaml', 'yaml', 'default'],
  ] as const)('%s is %s (%s)', ([file, kind, environment]) => {
    expect(configKindOf(file)).toBe(kind);
    expect(configEnvironmentOf(file)).toBe(environment);
  });

  it.for(['package.json', 'tsconfig.json', 'src/data/users.json', 'pnpm-lock.yaml', 'config/package-lock.json', 'envoy.ts', 'src/env.ts'])('%s is not read', (file) => {
    expect(configKindOf(file)).toBeUndefined();
  });
});

describe('dotenv grammar', () => {
  it('reads export, ": ", quotes, inline comments and multi-line values, with the value offsets', () => {
    const source = [
      'export A=plain value # comment',
      'B: colon-form',
      "C='single # kept'",
      'D="double\\nline"',
      'E=`back`',
      'F="-----BEGIN PRIVATE KEY-----',
      'abc',
      '-----END PRIVATE KEY-----"',
      '# G=commented',
      'EMPTY=',
      '  H.dotted-key = spaced  ',
    ].join('\r\n');
    const entries = parseDotenv(source);
    expect(entries.map((e) => [e.name, e.value])).toEqual([
      ['A', 'plain value'],
      ['B', 'colon-form'],
      ['C', 'single # kept'],
      ['D', 'double\nline'],
      ['E', 'back'],
      ['F', '-----BEGIN PRIVATE KEY-----\r\nabc\r\n-----END PRIVATE KEY-----'],
      ['EMPTY', ''],
      ['H.dotted-key', 'spaced'],
    ]);
    expect(at(source, entries[0]!)).toBe('plain value');
    expect(at(source, entries[2]!)).toBe("'single # kept'");
    expect(entries.every((e) => e.form === 'env')).toBe(true);
  });
});

describe('YAML', () => {
  it('reads compose maps and lists, Kubernetes env and Secrets (base64 data decoded)', () => {
    const source = [
      'services:',
      '  api:',
      '    environment:',
      '      JWT_SECRET: "map-form"',
      '  worker:',
      '    environment:',
      '      - WORKER_KEY=list-form',
      '---',
      'kind: Secret',
      'data:',
      '  DATA_KEY: ZGVjb2RlZA==',
    ].join('\n');
    const { entries, error } = parseYaml(source);
    expect(error).toBeUndefined();
    const byName = Object.fromEntries(entries.map((e) => [e.name, e]));
    expect(byName.JWT_SECRET).toMatchObject({ value: 'map-form', form: 'env' });
    expect(at(source, byName.JWT_SECRET!)).toBe('"map-form"');
    expect(byName.WORKER_KEY).toMatchObject({ value: 'list-form', form: 'env' });
    expect(at(source, byName.WORKER_KEY!)).toBe('list-form');
    expect(byName.DATA_KEY).toMatchObject({ value: 'decoded', form: 'env' });
  });

  it('an alias bomb costs nothing (aliases are never expanded)', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = performance.now();
    const { entries } = parseYaml(lines.join('\n'));
    expect(performance.now() - started).toBeLessThan(2_000); // a billion expansions would take hours
    expect(entries.length).toBeLessThan(100);
  });

  it('deep nesting, duplicate keys and broken syntax: entries around the error and a line', () => {
    const deep = `${'a:\n'.split('').join('')}${Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v`;
    expect(() => parseYaml(deep)).not.toThrow();
    const dup = parseYaml('JWT_SECRET: one\nJWT_SECRET: two\n');
    expect(dup.entries.map((e) => e.value)).toEqual(['one', 'two']);
    const broken = parseYaml('a: [1\n b: c\nJWT_SECRET: after\n');
    expect(broken.error?.line).toBeGreaterThan(0);
  });
});

describe('JSON', () => {
  it('reads JSONC with comments and trailing commas, with key paths and offsets', () => {
    const source = '{\n  // c\n  "authentication": { "secret": "s3cr3t-value", },\n}\n';
    const { entries, error } = parseJson(source);
    expect(error).toBeUndefined();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ name: 'secret', path: ['authentication', 'secret'], value: 's3cr3t-value', form: 'key' });
    expect(at(source, entries[0]!)).toBe('"s3cr3t-value"');
  });

  it('a broken file: an error with its line, and what could be read', () => {
    const { entries, error } = parseJson('{\n "a": "x",\n "b": \n');
    expect(error?.line).toBe(4);
    expect(entries.map((e) => e.name)).toEqual(['a']);
  });
});

describe('scanConfigFile on bad input', () => {
  const scan = (file: string, source: string) => scanConfigFile(file, configKindOf(file)!, source, RULES, RULES.filter((r) => r.scanConfig));

  it('a YAML file that does not parse: a diagnostic, and NAME: value lines still read', () => {
    const result = scan('docker-compose.yml', 'services:\n  api:\n    environment:\n      JWT_SECRET: broken-yaml-Kq2Wm5Rt8\n    ports: [3000\n   bad: x\n');
    expect(result.diagnostics.map((d) => d.kind)).toContain('parse-error');
    expect(result.findings.map((f) => f.region.start.line)).toEqual([4]);
  });

  it('a BOM does not move positions', () => {
    const result = scan('.env', '\uFEFFJWT_SECRET=Ab3Cd6Ef9Gh2Ij5Kl8Mn1Op4Qr7St0Uv\n');
    expect(result.findings[0]!.region.start).toEqual({ line: 1, column: 13 });
  });
});

describe('review findings', () => {
  const scanOne = (file: string, source: string) => scanConfigFile(file, configKindOf(file)!, source, RULES, RULES.filter((r) => r.scanConfig));

  it('a JSON file nested past the parser\'s stack: a diagnostic and the line pass, not a crash', () => {
    const deep = `{"jwt_secret":"Zq8vN2pLk5Rt8Wm1Xb4Yc7Hd0Fs3Ga6Je",\n"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    const result = scanOne('config/settings.json', deep);
    expect(result.diagnostics.map((d) => d.kind)).toContain('parse-error');
    expect(result.findings.map((f) => f.region.start.line)).toEqual([1]);
  });

  it('the frame of a config finding never shows another value of its line, quoted or not', () => {
    const result = scanOne('app.yaml', 'auth: {session_password: Hunter2Cookie99, jwt_secret: Zq8vN2pLk5Rt8Wm1Xb4Yc7Hd0Fs3Ga6Je}\n');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.maskedLine).toBe("auth.jwt_secret: '…'");
    expect(JSON.stringify(result.findings)).not.toContain('Hunter2Cookie99');
  });

  it('a Kubernetes env item is one entry (a variable), not also a `value` setting at the same place', () => {
    const { entries } = parseYaml('spec:\n  containers:\n    - env:\n        - name: JWT_SECRET\n          value: "Zq8vN2pLk5Rt8Wm1Xb4Yc7Hd0Fs3Ga6Je"\n');
    expect(entries.map((e) => [e.name, e.form])).toEqual([['JWT_SECRET', 'env']]);
  });
});
