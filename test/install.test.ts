/**
 * The install routes the README documents, on the package as npm ships it, in throwaway projects and
 * without the network (npm runs with --offline: a request to the registry fails the test):
 * - the tarball (`npm pack`, what `npm publish` uploads) installed with `npm install --save-dev`
 *   and an empty npm cache: it has no dependencies to download; then `npx jwtscan scan` and the hook;
 * - the repository (`npm install --save-dev git+file://…`, the README's git+https route), whose
 *   `prepare` builds dist/: its build tools come from a copy of npm's cache as `npm ci` left it.
 * Needs dist/ built (npm run build; `npm ci` builds it through prepare).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { gitTestEnv, leak, makeRepo, type TestRepo } from './helpers/git-repo.js';
import { ROOT } from './helpers/scan-helpers.js';

const KEY = 'q7Xv2LmP9sTzR4wYbN8cK3dF6hJ1gE5u'; // random-looking: only jwt-inline-secret fires
const NOT_INSTALLED = /^jwtscan is not installed: [^\n]+\n$/;
/** The README's .husky/pre-commit. */
const README_HUSKY_HOOK = /```sh\n# \.husky\/pre-commit\n([\s\S]*?)```/.exec(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'))?.[1] ?? 'missing from the README';

/** npm and git without the npm_* settings of an enclosing `npm test`, offline, with this cache. */
function npmEnv(cache: string): Record<string, string> {
  const env = Object.fromEntries(Object.entries(gitTestEnv()).filter(([key]) => !/^npm_/i.test(key)));
  return { ...env, npm_config_cache: cache, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, all: `${result.stdout}${result.stderr}` };
}

/** A throwaway project: a git repository with a package.json and one clean module. */
function project(): TestRepo {
  const repo = makeRepo({ 'package.json': '{ "name": "app", "version": "1.0.0", "private": true }\n', 'src/clean.js': "exports.key = () => process.env.JWT_SECRET;\n" });
  repo.git('add', '.');
  repo.git('commit', '-qm', 'init');
  return repo;
}

describe('the packed tarball (what npm publish uploads)', () => {
  let tarball = '';
  let files: string[] = [];
  beforeAll(() => {
    expect(fs.existsSync(path.join(ROOT, 'dist/jwtscan.cjs')), 'dist/ is not built: run npm run build').toBe(true);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-pack-'));
    // --ignore-scripts: pack the dist/ built for the suite (prepare would build it again).
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], ROOT, npmEnv(path.join(out, 'cache')));
    expect(pack.code, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(out, info!.filename);
    files = info!.files.map((f) => f.path).sort();
  }, 60_000);

  it('holds the bin, its bundles, the data it reads and the licences: no sources, maps or dependencies', () => {
    expect(files).toEqual([
      'CHANGELOG.md', 'LICENSE', 'README.md',
      'dist/THIRD-PARTY-NOTICES.txt', 'dist/babel-parser.LICENSE', 'dist/babel-parser.cjs', 'dist/babel-parser.v8cache', 'dist/build-id',
      'dist/fast-glob.cjs', 'dist/jwtscan-main.cjs', 'dist/jwtscan-main.v8cache', 'dist/jwtscan.cjs', 'dist/screen-worker.cjs',
      'package.json',
      'rules/data/known-jwt-secrets/LICENSE', 'rules/data/known-jwt-secrets/SOURCE.md', 'rules/data/known-jwt-secrets/jwt.secrets.index.bin', 'rules/data/known-jwt-secrets/jwt.secrets.list.gz',
      'schema/jwtscan.schema.json',
    ]);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
    // Everything the bin runs is bundled into dist/, so an install downloads nothing else.
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.optionalDependencies).toBeUndefined();
    expect(pkg.peerDependencies).toBeUndefined();
    // No JavaScript API is declared: the CLI (and its JSON/SARIF reports) is the interface.
    expect(pkg.exports).toEqual({ './package.json': './package.json' });
    const notices = fs.readFileSync(path.join(ROOT, 'dist/THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const bundled of ['commander@', 'fast-glob@', 'ignore@', 'jsonc-parser@', 'micromatch@', 'picomatch@', 'yaml@']) expect(notices).toContain(`\n${bundled}`);
  });

  it('npm install --save-dev <tarball> with an empty cache and no network, then npx jwtscan scan: exit 1 on a key, 0 without', () => {
    const repo = project();
    const env = npmEnv(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-empty-cache-')));
    const install = run('npm', ['install', '--save-dev', tarball], repo.root, env);
    expect(install.code, install.all).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(repo.root, 'package.json'), 'utf8')).devDependencies).toHaveProperty('jwtscan');
    expect(fs.readdirSync(path.join(repo.root, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual(['jwtscan']);

    const clean = run('npx', ['jwtscan', 'scan'], repo.root, env);
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    repo.write('src/auth.js', leak(KEY));
    const found = run('npx', ['jwtscan', 'scan'], repo.root, env);
    expect(found.code, found.stderr).toBe(1);
    expect(found.stdout).toMatch(/^src\/auth\.js:2:\d+ +error +jwt-inline-secret /m);
    expect(found.all).not.toContain(KEY);
    const json = run('npx', ['jwtscan', 'scan', 'src', '--format', 'json'], repo.root, env);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { findings: unknown[] }).findings).toHaveLength(1);
    expect(run('npx', ['jwtscan', 'scan', 'no-such-dir'], repo.root, env).code).toBe(2);
    // The data files are found beside the installed bin: a published default is named as one.
    repo.write('src/weak.js', "const jwt = require('jsonwebtoken');\nexports.t = (p) => jwt.sign(p, 'your-256-bit-secret');\n");
    expect(run('npx', ['jwtscan', 'scan', 'src/weak.js'], repo.root, env).stdout).toContain('jwt-weak-secret');
  }, 90_000);

  it('the hook: npx jwtscan install-hook blocks a commit with a key (exit 1); with jwtscan uninstalled, one line and exit 2', () => {
    const repo = project();
    const env = npmEnv(fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-empty-cache-')));
    expect(run('npm', ['install', '--save-dev', tarball], repo.root, env).code).toBe(0);
    const installHook = run('npx', ['jwtscan', 'install-hook'], repo.root, env);
    expect(installHook.code, installHook.all).toBe(0);
    const hook = path.join(repo.root, '.git/hooks/pre-commit');
    expect(fs.statSync(hook).mode & 0o111).not.toBe(0);

    repo.write('src/auth.js', leak(KEY));
    repo.git('add', 'src/auth.js');
    // git commit exits 1 whenever the hook fails: the hook's own code is checked by running it as git does.
    const blocked = run('git', ['commit', '-qm', 'add auth'], repo.root, env);
    expect(blocked.code).not.toBe(0);
    expect(blocked.all).toContain('jwt-inline-secret');
    expect(blocked.all).toContain('commit blocked');
    expect(blocked.all).not.toContain(KEY);
    expect(run(hook, [], repo.root, env).code).toBe(1);
    expect(repo.git('log', '--format=%s')).toBe('init\n');

    // The README's husky hook, run as husky runs it (sh -e, node_modules/.bin first on the PATH).
    const husky = path.join(repo.root, '.husky/pre-commit');
    repo.write('.husky/pre-commit', README_HUSKY_HOOK);
    const huskyEnv = (base: Record<string, string>) => ({ ...base, PATH: `${path.join(repo.root, 'node_modules/.bin')}${path.delimiter}${base.PATH}` });
    const huskyBlocked = run('sh', ['-e', husky], repo.root, huskyEnv(env));
    expect(huskyBlocked.code).toBe(1);
    expect(huskyBlocked.stdout).toContain('jwt-inline-secret');

    expect(run('npm', ['uninstall', 'jwtscan'], repo.root, env).code).toBe(0);
    const bare = { ...env, PATH: [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter) }; // no global jwtscan either
    const missing = run(hook, [], repo.root, bare);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toMatch(NOT_INSTALLED);
    expect(missing.code).toBe(2);
    expect(run('git', ['commit', '-qm', 'add auth'], repo.root, bare).stderr).toMatch(NOT_INSTALLED);
    expect(repo.git('log', '--format=%s')).toBe('init\n');
    const huskyMissing = run('sh', ['-e', husky], repo.root, huskyEnv(bare));
    expect(huskyMissing.stderr).toMatch(NOT_INSTALLED);
    expect(huskyMissing.code).toBe(2);
  }, 90_000);
});

describe('from the repository: npm install --save-dev git+file://<clone>', () => {
  it('runs prepare (the build) and installs a working bin, offline, from npm\'s cache as npm ci left it', () => {
    const repo = project();
    // npm installs a git dependency's devDependencies to run its prepare: offline, they come from a
    // copy of this machine's npm cache (filled by `npm ci`), so the test neither downloads nor writes there.
    const userCache = run('npm', ['config', 'get', 'cache'], repo.root, Object.fromEntries(Object.entries(gitTestEnv()).filter(([key]) => !/^npm_config_cache$/i.test(key)))).stdout.trim();
    expect(fs.existsSync(path.join(userCache, '_cacache')), `npm's cache ${userCache} is empty: run npm ci first`).toBe(true);
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-npm-cache-'));
    fs.cpSync(path.join(userCache, '_cacache'), path.join(cache, '_cacache'), { recursive: true });
    const env = npmEnv(cache);
    // The last commit, as a clone from GitHub would get it (uncommitted edits are not in it).
    const head = run('git', ['rev-parse', 'HEAD'], ROOT, env).stdout.trim();
    const install = run('npm', ['install', '--save-dev', `git+file://${ROOT}#${head}`], repo.root, env);
    expect(install.code, install.all).toBe(0);
    const installed = path.join(repo.root, 'node_modules/jwtscan');
    expect(fs.existsSync(path.join(installed, 'dist/jwtscan-main.cjs'))).toBe(true);
    expect(fs.existsSync(path.join(installed, 'src')), 'sources are not installed').toBe(false);
    repo.write('src/auth.js', leak(KEY));
    const found = run('npx', ['jwtscan', 'scan'], repo.root, env);
    expect(found.code, found.stderr).toBe(1);
    expect(found.stdout).toContain('jwt-inline-secret');
  }, 240_000);
});
