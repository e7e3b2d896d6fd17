import fs from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { validateConfig } from '../src/config/load-config.js';
import { main } from '../src/main.js';
import { makeTree } from './helpers/temp-tree.js';
import { ROOT } from './helpers/scan-helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/jwtscan.schema.json'), 'utf8'));
// CommonJS with `exports.default`: the default import is the class or the exports object, by loader.
const AjvClass = (ajvModule as unknown as { default?: typeof ajvModule.default }).default ?? (ajvModule as unknown as typeof ajvModule.default);
const validateSchema = new AjvClass({ allErrors: true }).compile(schema);
const known = new Set(RULES.map((r) => r.id));

const samples: [string, unknown, boolean][] = [
  ['empty', {}, true],
  ['full', { $schema: './schema.json', include: ['src/**'], exclude: ['test/fixtures'], failOn: 'error', rules: { 'jwt-weak-secret': 'off', 'jwt-inline-secret': 'note' } }, true],
  ['unknown key', { colour: true }, false],
  ['bad failOn', { failOn: 'always' }, false],
  ['unknown rule', { rules: { 'jwt-nope': 'off' } }, false],
  ['bad level', { rules: { 'jwt-weak-secret': 'loud' } }, false],
  ['exclude not an array', { exclude: 'dist' }, false],
  [
    'project settings',
    {
      testPaths: ['*.spec.ts', 'qa/'],
      weakSecrets: ['acme-2019'],
      sinks: [
        { module: '@acme/auth', export: 'signToken', arg: 1 },
        { file: 'src/lib/jwt.ts', export: 'TokenService', kind: 'new', arg: 0, property: 'secret' },
      ],
    },
    true,
  ],
  ['sink with both module and file', { sinks: [{ module: 'a', file: 'b.ts', export: 'x', arg: 0 }] }, false],
  ['sink without arg', { sinks: [{ module: '@acme/auth', export: 'signToken' }] }, false],
  ['sink with a negative arg', { sinks: [{ module: '@acme/auth', export: 'signToken', arg: -1 }] }, false],
  ['sink with an unknown key', { sinks: [{ module: '@acme/auth', export: 'signToken', arg: 0, args: 1 }] }, false],
  ['empty weak secret', { weakSecrets: [''] }, false],
];

describe('config validation', () => {
  it.for(samples)('%s: the shipped JSON Schema and the loader agree', ([, config, valid]) => {
    const problems: string[] = [];
    validateConfig(config, known, problems);
    expect(problems.length === 0).toBe(valid);
    expect(validateSchema(config)).toBe(valid);
  });

  it('the schema names exactly the rules there are', () => {
    expect(schema.properties.rules.propertyNames.enum).toEqual(RULES.map((r) => r.id));
  });
});

describe('project settings from the config, end to end', () => {
  async function scanJson(root: string): Promise<{ code: number; findings: { ruleId: string; problems: string[]; path: string; line: number; level: string; messageId: string; message: string }[] }> {
    let stdout = '';
    const code = await main(['scan', '.', '--format', 'json'], { stdout: (t) => (stdout += t), stderr: () => {}, cwd: root, env: {}, isTTY: false });
    return { code, findings: (JSON.parse(stdout) as { findings: never[] }).findings };
  }

  it('sinks: a repository wrapper (by file, through any import spelling) and a package wrapper', async () => {
    const root = makeTree({
      '.jwtscan.json': JSON.stringify({
        sinks: [
          { file: 'src/lib/jwt.ts', export: 'signToken', arg: 1 },
          { module: '@acme/auth', export: 'TokenService', kind: 'new', arg: 0, property: 'secret' },
        ],
      }),
      'src/lib/jwt.ts': `import jwt from 'jsonwebtoken';\nexport const signToken = (p: object, key: string) => jwt.sign(p, key);\n`,
      'src/routes/a.ts': `import { signToken } from '../lib/jwt';\nexport const t = signToken({}, 'config-sink-file-key-Ql0rT8vB3nM6xZ1c');\n`,
      'src/routes/b.ts': `import * as tokens from '../lib/jwt.js';\nconst other = { signToken: (p: object, k: string) => k };\nexport const t = tokens.signToken({}, 'config-sink-file-key-2-Hd7Yp4Ws9Ke2Lr5u');\nexport const u = other.signToken({}, 'not-a-sink-value-Bx3Nc8Vm1Qa6');\n`,
      'src/service.ts': `import { TokenService } from '@acme/auth';\nexport const s = new TokenService({ secret: 'config-sink-module-key-Zr4Tq7Wx2Ey9Ui3o' });\n`,
    });
    const { findings } = await scanJson(root);
    expect(findings.map((f) => `${f.path}:${f.line} ${f.ruleId}`)).toEqual([
      'src/routes/a.ts:2 jwt-inline-secret',
      'src/routes/b.ts:3 jwt-inline-secret',
      'src/service.ts:2 jwt-hardcoded-secret',
    ]);
  });

  it('weakSecrets: a project-known value is a known default; testPaths: findings there become notes, with the reason', async () => {
    const key = 'acme-team-signing-key-2019';
    const files = {
      'src/a.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, '${key}-with-enough-length-xx');\n`,
      'qa/b.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'qa-only-test-key-Vn6Rb1Xc8Zt3Pw5q');\n`,
    };
    const withConfig = makeTree({ ...files, '.jwtscan.json': JSON.stringify({ weakSecrets: [`${key}-with-enough-length-xx`], testPaths: ['qa/'] }) });
    const { findings, code } = await scanJson(withConfig);
    const known = findings.find((f) => f.path === 'src/a.js')!;
    expect(known.problems).toEqual(['jwt-inline-secret', 'jwt-weak-secret']);
    expect(known.message).toContain('well-known default');
    const qa = findings.find((f) => f.path === 'qa/b.js')!;
    expect(qa.level).toBe('note');
    expect(qa.message).toContain('test or example code (its path matches `qa/`)');
    expect(code).toBe(1);

    const defaults = await scanJson(makeTree(files));
    expect(defaults.findings.find((f) => f.path === 'src/a.js')?.problems).toEqual(['jwt-inline-secret']);
    expect(defaults.findings.find((f) => f.path === 'qa/b.js')?.level).toBe('error');
  });

  it('test files are notes by default (*.spec.*, __tests__/ …), so they do not fail the default --fail-on warning', async () => {
    const root = makeTree({ 'src/__tests__/auth.ts': `import jwt from 'jsonwebtoken';\nexport const t = jwt.sign({}, 'spec-key-Ae4Rt7Yu1Io3Pa6Sd9Fg');\n` });
    const { findings, code } = await scanJson(root);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.level === 'note')).toBe(true);
    expect(code).toBe(0);
  });
});
