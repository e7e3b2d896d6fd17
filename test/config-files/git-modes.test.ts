/**
 * Config files through the git-backed modes and the result cache: a staged .env is judged by its
 * staged content and linked to the staged code; --history finds a key a commit removed; --diff keeps
 * the findings on changed lines; a warm scan gives the same result; a baseline covers the key.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findingsOf, makeRepo } from '../helpers/git-repo.js';

const CODE = `const jwt = require('jsonwebtoken');\nexports.sign = (s) => jwt.sign({ s }, process.env.JWT_SECRET);\n`;
const KEY = 'Hq3Wm6Zr9Xt2Vb5Nc8Lp1Kd4Fg7Js0Ay';
const OTHER = 'Pz8Ox5Ny2Mw9Lv6Ku3Jt0Is7Hr4Gq1Fp';

describe('config files in the git modes', () => {
  it('--staged: the staged .env value, by its name (a staged scan reads only the staged files: links need the code in the scan)', async () => {
    const repo = makeRepo({ 'src/auth.js': CODE, '.env': 'PORT=3000\n' });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.write('.env', `PORT=3000\nJWT_SECRET=${KEY}\n`);
    repo.git('add', '.env');
    repo.write('.env', 'PORT=3000\n'); // removed in the working tree only: the commit still has it
    const staged = await repo.jwtscan(['scan', '--staged', '--format', 'json']);
    expect(staged.code).toBe(1);
    expect(findingsOf(staged.stdout)).toEqual(['.env:2 jwt-config-secret']);
    expect(JSON.parse(staged.stdout).findings[0]).toMatchObject({ messageId: 'namedKey', level: 'warning' });
    expect(staged.stdout).not.toContain(KEY);
    // With the code staged too, the value is linked to it.
    repo.write('src/auth.js', `${CODE}// edited\n`);
    repo.git('add', 'src/auth.js');
    const both = JSON.parse((await repo.jwtscan(['scan', '--staged', '--format', 'json'])).stdout).findings;
    expect(both[0]).toMatchObject({ path: '.env', messageId: 'linkedKey', level: 'error' });
    expect(both[0].flow.map((s: { label: string }) => s.label)).toEqual(['JWT_SECRET in .env', 'process.env.JWT_SECRET', 'key of jsonwebtoken.sign']);
  });

  it('--history: a key a later commit removed; --diff: only changed lines', async () => {
    const repo = makeRepo({ 'src/auth.js': CODE, '.env': `JWT_SECRET=${KEY}\n` });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'leak');
    repo.write('.env', 'JWT_SECRET=\n');
    repo.git('commit', '-qam', 'remove');
    const history = await repo.jwtscan(['scan', '--history', '--format', 'json']);
    const found = JSON.parse(history.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'jwt-config-secret');
    expect(found).toHaveLength(1);
    expect(found[0].history.presentAtHead).toBe(false);

    repo.git('checkout', '-qb', 'feature');
    repo.write('.env', `JWT_SECRET=\nREFRESH_JWT_SECRET=${OTHER}\n`);
    repo.git('commit', '-qam', 'add another');
    const diff = await repo.jwtscan(['scan', '--diff', 'main', '--format', 'json']);
    expect(findingsOf(diff.stdout)).toEqual(['.env:2 jwt-config-secret']);
  });

  it('a warm scan gives the cold result; a baseline covers the key; # jwtscan-ignore suppresses it', async () => {
    const repo = makeRepo({ 'src/auth.js': CODE, '.env': `JWT_SECRET=${KEY}\nUNUSED=${OTHER}\n` });
    const cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cfg-cache-'));
    const env = { XDG_CACHE_HOME: cacheHome };
    const cold = await repo.jwtscan(['scan', '--format', 'json'], { env });
    const warm = await repo.jwtscan(['scan', '--format', 'json'], { env });
    expect(findingsOf(cold.stdout)).toEqual(['.env:1 jwt-config-secret']);
    expect(JSON.parse(warm.stdout).findings).toEqual(JSON.parse(cold.stdout).findings);
    for (const dir of fs.readdirSync(cacheHome, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(cacheHome, dir);
      if (fs.statSync(file).isFile()) expect(fs.readFileSync(file, 'latin1')).not.toContain(KEY);
    }
    await repo.jwtscan(['baseline']);
    expect(fs.readFileSync(path.join(repo.root, '.jwtscan-baseline.json'), 'utf8')).not.toContain(KEY);
    expect((await repo.jwtscan(['scan', '--baseline', '.jwtscan-baseline.json'])).code).toBe(0);
    repo.write('.env', `# jwtscan-ignore-next-line jwt-config-secret -- local mock IdP\nJWT_SECRET=${KEY}\n`);
    const suppressed = await repo.jwtscan(['scan']);
    expect(suppressed.code).toBe(0);
    expect(suppressed.stdout).toContain('1 suppressed');
  });
});
