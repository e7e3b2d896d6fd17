/**
 * The scanner's own security: it never runs the scanned repository's code (config is JSON, tsconfig
 * is data, imports are parsed, not loaded) and never touches the network.
 */
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { makeTree } from '../helpers/temp-tree.js';
import { RULE_FIXTURES } from '../helpers/scan-helpers.js';

async function cli(argv: string[], cwd: string): Promise<number> {
  return main(argv, { stdout: () => {}, stderr: () => {}, cwd, env: { XDG_CACHE_HOME: path.join(cwd, '.cache-home') }, isTTY: false });
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('scanner security', () => {
  it('executes no code of the scanned repository: JS configs, tsconfig extends, imported modules are only read', async () => {
    const marker = (name: string) => path.join(root, `${name}.ran`);
    const payload = (name: string) => `require('node:fs').writeFileSync(${JSON.stringify(`${name}.ran`)}, 'x');\nmodule.exports = {};\n`;
    const root = makeTree({
      'jwtscan.config.js': payload('config'),
      '.jwtscan.js': payload('dotconfig'),
      'tsconfig.json': JSON.stringify({ extends: './tsconfig.base.js', compilerOptions: { baseUrl: '.', paths: { '@x/*': ['src/*'] } } }),
      'tsconfig.base.js': payload('tsbase'),
      'src/side-effect.js': `require('node:fs').writeFileSync('import.ran', 'x');\nexports.KEY = 'security-test-imported-key-Ab3Cd5Ef7Gh9';\n`,
      'src/auth.js': `const jwt = require('jsonwebtoken');\nconst { KEY } = require('./side-effect');\nrequire('@x/side-effect');\nexports.t = jwt.sign({}, KEY);\n`,
      'package.json': JSON.stringify({ name: 'victim', scripts: { postinstall: 'node src/side-effect.js' } }),
    });
    const code = await cli(['scan', '.', '--format', 'json'], root);
    expect(code).toBe(1);
    for (const name of ['config', 'dotconfig', 'tsbase', 'import']) expect(fs.existsSync(marker(name)), name).toBe(false);
  });

  it('opens no network connection and resolves no host name while scanning (all formats, cache on)', async () => {
    const calls: string[] = [];
    const deny = (what: string) => () => {
      calls.push(what);
      throw new Error(`network access attempted: ${what}`);
    };
    vi.spyOn(net, 'connect').mockImplementation(deny('net.connect'));
    vi.spyOn(net, 'createConnection').mockImplementation(deny('net.createConnection'));
    vi.spyOn(http, 'request').mockImplementation(deny('http.request'));
    vi.spyOn(https, 'request').mockImplementation(deny('https.request'));
    vi.spyOn(dns, 'lookup').mockImplementation(deny('dns.lookup'));
    vi.spyOn(globalThis, 'fetch').mockImplementation(deny('fetch'));
    const root = makeTree({});
    for (const format of ['text', 'json', 'sarif']) {
      expect(await cli(['scan', RULE_FIXTURES, '--format', format], root)).toBe(1);
    }
    expect(calls).toEqual([]);
  }, 60_000);
});
