/**
 * The derived-sink stage: a helper of the project whose parameter reaches a JWT key makes its
 * callers in other modules JWT calls, also in files without any JWT keyword, also from the cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DerivedSink } from '../../src/rule.js';
import { calledName, DerivedSinkSet, mayCall, reachesKeywordFreeFiles } from '../../src/engine/derived-sinks.js';
import { makeTree } from '../helpers/temp-tree.js';
import { scanPaths } from '../helpers/scan-helpers.js';

const KEY = 'derived-stage-key-Vb7nMq2XcL9pWz4tRy';
const sink = (file: string, name: string): DerivedSink => ({ file, export: name, arg: 1, through: { sink: 'jsonwebtoken.sign', flow: [] } });

describe('derived-sink bookkeeping', () => {
  it('names a call by the export, or a default export by its module file or folder', () => {
    expect(calledName(sink('src/auth.ts', 'auth.signToken'))).toBe('auth');
    expect(calledName({ ...sink('src/tokens.ts', 'TokenService'), kind: 'instance', method: 'sign' })).toBe('TokenService');
    expect(calledName(sink('src/lib/sign-token.js', 'default'))).toBe('sign-token');
    expect(calledName(sink('src/tokens/index.ts', 'default'))).toBe('tokens');
  });

  it('looks for callers in other modules only, and in keyword-free files only for names without a keyword', () => {
    const s = sink('src/auth.ts', 'signToken');
    expect(mayCall('src/auth.ts', 'signToken(p, k)', [s])).toBe(false);
    expect(mayCall('src/routes.ts', 'signToken(p, k)', [s])).toBe(true);
    expect(mayCall('src/routes.ts', 'other(p, k)', [s])).toBe(false);
    // Only imported or re-exported: no call to look at. Called under another name: one.
    expect(mayCall('src/index.ts', "export { signToken } from './auth';", [s])).toBe(false);
    expect(mayCall('src/routes.ts', "import { signToken as mk } from './auth';\nmk(p, k);", [s])).toBe(true);
    expect(mayCall('src/routes.ts', "const { signToken: mk } = require('./auth');\nmk(p, k);", [s])).toBe(true);
    expect(mayCall('src/routes.ts', "import { signToken as mk } from './auth';\nexport { mk };", [s])).toBe(false);
    expect(reachesKeywordFreeFiles([s], ['jwt'])).toBe(true);
    expect(reachesKeywordFreeFiles([sink('src/auth.ts', 'signJwt')], ['jwt'])).toBe(false);
  });

  it('reports a sink once and never one the config declares', () => {
    const set = new DerivedSinkSet({ sinks: [{ file: 'src/a.ts', export: 'declared', arg: 1 }], weakSecrets: [] });
    set.add([sink('src/a.ts', 'declared'), sink('src/a.ts', 'fresh'), sink('src/a.ts', 'fresh')]);
    expect(set.takeNew().map((s) => s.export)).toEqual(['fresh']);
    expect(set.takeNew()).toEqual([]);
    expect(set.settings().sinks.map((s) => s.export)).toEqual(['declared', 'fresh']);
  });
});

describe('derived-sink stage in a scan', () => {
  const tree = () =>
    makeTree({
      'src/auth/tokens.js': "const jwt = require('jsonwebtoken');\nexports.makeToken = (payload, secret) => jwt.sign(payload, secret);\n",
      // No JWT keyword in this file: only the helper's name links it to the key.
      'src/routes/users.js': `const { makeToken } = require('../auth/tokens');\nexports.login = (u) => makeToken({ id: u.id }, '${KEY}');\n`,
    });

  it('finds the literal a keyword-free module passes to the helper, with the flow inside the helper', async () => {
    const root = tree();
    const result = await scanPaths([root], { cwd: root });
    const finding = result.findings.find((f) => f.file === 'src/routes/users.js');
    expect(finding?.ruleId).toBe('jwt-hardcoded-secret');
    expect(finding?.messageId).toBe('literalViaArgument');
    expect(finding?.flow?.map((s) => s.file)).toContain('src/auth/tokens.js');
    expect(JSON.stringify(result)).not.toContain(KEY);
    expect(result.stats.filesReanalysed).toBe(1);
  });

  it('finds the literal a keyword-free module passes to the helper under another name (import alias)', async () => {
    const root = makeTree({
      'src/auth.ts': "import jwt from 'jsonwebtoken';\nexport function signToken(payload: object, key: string) {\n  return jwt.sign(payload, key);\n}\n",
      'src/routes.ts': `import { signToken as mk } from './auth';\nexport const token = mk({ sub: 1 }, '${KEY}');\n`,
    });
    const result = await scanPaths([root], { cwd: root });
    expect(result.findings.map((f) => `${f.file}:${f.region.start.line} ${f.ruleId}`)).toContain('src/routes.ts:2 jwt-hardcoded-secret');
  });

  it('finds a keyword-free caller of a default export too, which names it by the module file (not its path)', async () => {
    const root = makeTree({
      'src/lib/sign.js': "const jwt = require('jsonwebtoken');\nmodule.exports = (payload, secret) => jwt.sign(payload, secret);\n",
      'src/routes/legacy.js': `const sign = require('../lib/sign');\nexports.legacy = (u) => sign({ id: u.id }, '${KEY}');\n`,
      // Near miss: a module of the same name elsewhere, which signs nothing.
      'src/crypto/sign.js': 'module.exports = (payload, salt) => JSON.stringify({ payload, salt });\n',
      'src/routes/receipts.js': `const sign = require('../crypto/sign');\nexports.receipt = (r) => sign(r, '${KEY}-not-a-key');\n`,
    });
    const result = await scanPaths([root], { cwd: root });
    expect(result.findings.find((f) => f.file === 'src/routes/legacy.js')?.messageId).toBe('literalViaArgument');
    expect(result.findings.filter((f) => f.file === 'src/routes/receipts.js')).toEqual([]);
  });

  it('gives the same findings from a warm cache', async () => {
    const root = tree();
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-'));
    const cold = await scanPaths([root], { cwd: root, cacheDir });
    const warm = await scanPaths([root], { cwd: root, cacheDir });
    expect(warm.findings).toEqual(cold.findings);
    expect(warm.findings.some((f) => f.file === 'src/routes/users.js')).toBe(true);
    // A changed helper that no longer forwards its parameter drops the finding.
    fs.writeFileSync(path.join(root, 'src/auth/tokens.js'), "const jwt = require('jsonwebtoken');\nexports.makeToken = (payload) => jwt.sign(payload, process.env.JWT_SECRET);\n");
    const changed = await scanPaths([root], { cwd: root, cacheDir });
    expect(changed.findings.some((f) => f.file === 'src/routes/users.js')).toBe(false);
  });
});
