/**
 * The `jwtscan` bin and what it loads, built by `npm run build` and by `prepare` (so `npm ci` builds
 * them, and CI runs every test here) with scripts/bundle.mjs: dist/jwtscan.cjs (the bin, a loader),
 * dist/jwtscan-main.cjs (one esbuild bundle of the rest) and the V8 code caches of that bundle and of
 * Babel's parser. The tests of the files themselves fail when they are missing. The two that compare
 * the bundle with dist/src are skipped when dist/src was compiled after it (`tsc` run alone): run
 * `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse, type ParserPlugin } from '@babel/parser';
import { describe, expect, it } from 'vitest';
import { loadWrapped, WRAPPER_HEAD } from '../src/util/code-cache.js';
import { loggingGit } from './helpers/git-repo.js';
import { ROOT } from './helpers/scan-helpers.js';

const BIN = path.join(ROOT, 'dist/jwtscan.cjs');
const BUNDLE = path.join(ROOT, 'dist/jwtscan-main.cjs');
const PARSER_COPY = path.join(ROOT, 'dist/babel-parser.cjs');
const CACHES = ['dist/jwtscan-main.v8cache', 'dist/babel-parser.v8cache'];
const UNBUNDLED = path.join(ROOT, 'dist/src/cli.js');

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string>; files: string[] };
const bundle = () => fs.readFileSync(BUNDLE, 'utf8');

function newestJs(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.js')) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Calls that load a package lazily: `import('…')` (in the CommonJS bundle, a require() in a promise,
 * `.then(() => __toESM(require('…')…`), or `lazyRequire('…')` for CommonJS (src/engine/babel.ts).
 */
const LAZY_LOAD = (name: string) => {
  const specifier = name in CHUNKS ? `(?:${quoted(name)}|${quoted(CHUNKS[name]!)})` : quoted(name);
  return new RegExp(`\\b(?:import|lazyRequire\\d*)\\(${specifier}\\)|\\.then\\(\\(\\) => __toESM\\(require\\(${specifier}\\)`);
};
/** Packages the build bundles on their own beside the bin (scripts/bundle.mjs): the bundle requires that file instead. */
const CHUNKS: Record<string, string> = { 'fast-glob': './fast-glob.cjs' };

/** The packages (bare specifiers) that the compiled code loads with `import('…')` or `lazyRequire('…')`: what must stay lazy. */
function dynamicallyImportedPackages(): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; callee?: { type?: string }; arguments?: { type?: string; value?: unknown }[] };
    const callee = n.callee as { type?: string; name?: string } | undefined;
    const lazy = callee?.type === 'Import' || (callee?.type === 'Identifier' && callee.name === 'lazyRequire');
    const specifier = n.type === 'CallExpression' && lazy ? n.arguments?.[0] : undefined;
    if (specifier?.type === 'StringLiteral' && typeof specifier.value === 'string' && !/^(?:\.|node:)/.test(specifier.value)) {
      found.add(specifier.value.startsWith('@') ? specifier.value.split('/').slice(0, 2).join('/') : specifier.value.split('/')[0]!);
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'loc' && key !== 'start' && key !== 'end') visit(value);
  };
  for (const dir of ['dist/src', 'dist/rules']) {
    for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
      visit(parse(fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8'), { sourceType: 'module' }).program);
    }
  }
  return [...found].sort();
}

/** This environment without the GIT_* variables of an enclosing git process (tests may run in a hook). */
function gitFree(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !key.startsWith('GIT_')) env[key] = value;
  return env;
}

function cli(file: string, args: string[], cwd = ROOT) {
  const env = { ...gitFree(), NO_COLOR: '1', XDG_CACHE_HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bundle-cache-')) };
  const result = spawnSync(process.execPath, [file, ...args], { cwd, env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** dist/src or dist/rules compiled after the bundle was made (`tsc` run alone). */
const stale = fs.existsSync(BUNDLE) && fs.statSync(BUNDLE).mtimeMs < Math.max(newestJs(path.join(ROOT, 'dist/src')), newestJs(path.join(ROOT, 'dist/rules')));
const quoted = (name: string) => `["']${name.replace(/[./]/g, '\\$&')}["']`;

describe('the bin, dist/jwtscan.cjs, and its bundle, dist/jwtscan-main.cjs', () => {
  it('are built (npm run build), the bin is the package bin, and all ship with the package', () => {
    for (const file of [BIN, BUNDLE]) expect(fs.existsSync(file), `${path.relative(ROOT, file)} is missing: run npm run build`).toBe(true);
    expect(pkg.bin.jwtscan).toBe('dist/jwtscan.cjs');
    for (const file of ['dist/jwtscan.cjs', 'dist/jwtscan-main.cjs', 'dist/babel-parser.cjs', 'dist/babel-parser.LICENSE', ...CACHES]) expect(pkg.files).toContain(file);
    expect(fs.existsSync(path.join(ROOT, 'dist/jwtscan.mjs')), 'an earlier build\'s bin is left').toBe(false);
  });

  it('comes with dist/build-id, the digest the result cache keys on, shipped with the package', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist/build-id'), 'utf8')).toMatch(/^[0-9a-f]{16}\n$/);
    expect(pkg.files).toContain('dist/build-id');
  });

  it('the bin starts with one `#!/usr/bin/env node` line, and both run in strict mode as the ES modules they are built from', () => {
    const bin = fs.readFileSync(BIN, 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n"use strict";\n')).toBe(true);
    expect(bin.split('\n').filter((line) => line.startsWith('#!'))).toEqual(['#!/usr/bin/env node']);
    expect(bundle().startsWith(`${WRAPPER_HEAD}"use strict";\n`)).toBe(true);
  });

  it("carries a copy of Babel's parser that parses every fixture to the same AST, or the same error, as the original", () => {
    const copy = loadWrapped(PARSER_COPY).exports as { parse: typeof parse };
    expect(fs.readFileSync(path.join(ROOT, 'dist/babel-parser.LICENSE'), 'utf8')).toContain('MIT');
    const outcome = (parser: { parse: typeof parse }, source: string, plugins: ParserPlugin[]) => {
      try {
        return JSON.stringify(parser.parse(source, { sourceType: 'unambiguous', errorRecovery: true, plugins: [...plugins, 'decorators-legacy'] }));
      } catch (error) {
        return `error: ${(error as Error).message}`;
      }
    };
    const fixtures = fs.readdirSync(path.join(ROOT, 'test/fixtures'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.[cm]?[jt]sx?$/.test(f));
    expect(fixtures.length).toBeGreaterThan(100);
    for (const fixture of fixtures) {
      const source = fs.readFileSync(path.join(ROOT, 'test/fixtures', fixture), 'utf8');
      const plugins: ParserPlugin[] = /\.[cm]?tsx?$/.test(fixture) ? ['typescript', 'jsx'] : ['jsx', 'flow'];
      expect(outcome(copy, source, plugins), fixture).toBe(outcome({ parse }, source, plugins));
    }
  });

  it('starts from the code caches the build made, for the bundle and for the parser', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bundle-cache-'));
    fs.writeFileSync(path.join(dir, 'a.js'), "const jwt = require('jsonwebtoken');\njwt.sign({}, process.env.K || 'x');\n");
    // The bin itself, with a preload that records what each compile of a file was offered and took.
    const preload = path.join(dir, 'record-compiles.cjs');
    const record = path.join(dir, 'compiles.json');
    fs.writeFileSync(
      preload,
      [
        "const vm = require('node:vm');",
        'const compiles = [];',
        'vm.Script = class extends vm.Script {',
        '  constructor(source, options = {}) {',
        '    super(source, options);',
        "    compiles.push({ file: require('node:path').basename(options.filename), offered: options.cachedData !== undefined, rejected: this.cachedDataRejected });",
        '  }',
        '};',
        `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(compiles)));`,
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, ['-r', preload, BIN, 'scan', '.', '--no-cache', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1); // the env fallback 'x' is a weak key
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual([
      { file: 'jwtscan-main.cjs', offered: true, rejected: false },
      { file: 'babel-parser.cjs', offered: true, rejected: false },
    ]);
  });

  it('starts the staged diff before it loads the bundle, and the bundle takes that run: one git diff per staged scan', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bundle-early-'));
    const env = { ...gitFree(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull, NO_COLOR: '1' };
    fs.writeFileSync(path.join(repo, 'a.js'), "const jwt = require('jsonwebtoken');\nexports.t = (p) => jwt.sign(p, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg1');\n");
    spawnSync('git', ['init', '-q'], { cwd: repo, env });
    spawnSync('git', ['add', '.'], { cwd: repo, env });
    const logging = loggingGit(env);
    const staged = spawnSync(process.execPath, [BIN, 'scan', '--staged', '--format', 'json', '--no-cache'], { cwd: repo, env: logging.env, encoding: 'utf8' });
    expect(staged.status).toBe(1);
    expect(staged.stderr).toContain('commit blocked: 1 JWT key finding');
    expect(JSON.parse(staged.stdout).findings.map((f: { path: string }) => f.path)).toEqual(['a.js']);
    expect(logging.calls()).toEqual(['diff']); // started by the bin, taken by the bundle; no rev-parse
    // A guess from the raw arguments: `--staged` as an option's value starts a diff nobody takes.
    logging.reset();
    const misread = spawnSync(process.execPath, [BIN, 'scan', 'a.js', '--format', 'json', '--no-cache', '--output', '--staged'], { cwd: repo, env: logging.env, encoding: 'utf8' });
    expect(misread.status).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(repo, '--staged'), 'utf8')).findings).toHaveLength(1);
    expect(logging.calls()).toEqual(['diff']);
  });

  it.skipIf(stale)('answers as dist/src/cli.js does: staged scans, every report format, usage errors (skipped when older than dist/src)', () => {
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-bundle-staged-'));
    const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, env: { ...gitFree(), GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull } });
    fs.writeFileSync(path.join(repo, 'keys.js'), "module.exports = { key: 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuStg1' };\n");
    fs.writeFileSync(path.join(repo, 'sign.js'), "const jwt = require('jsonwebtoken');\nconst { key } = require('./keys');\nexports.t = (p) => jwt.sign(p, key);\n");
    git('init', '-q');
    git('add', '.');
    const cases: [string[], string][] = [
      [['scan', '--staged', '--format', 'json', '--no-cache'], repo],
      [['scan', 'examples/vulnerable-app', '--format', 'text', '--no-cache'], ROOT],
      [['scan', 'examples/vulnerable-app', '--format', 'sarif', '--no-cache'], ROOT],
      [['scan', '--no-such-option'], ROOT],
      [['scan', '--staged'], os.tmpdir()],
    ];
    for (const [args, cwd] of cases) {
      const bundled = cli(BIN, args, cwd);
      const unbundled = cli(UNBUNDLED, args, cwd);
      expect(bundled.code, args.join(' ')).toBe(unbundled.code);
      expect(bundled.stdout, args.join(' ')).toBe(unbundled.stdout);
      expect(bundled.stderr, args.join(' ')).toBe(unbundled.stderr);
    }
    expect(cli(BIN, cases[0]![0], repo).code).toBe(1); // the staged leak (through an import) is found
    expect(cli(BIN, ['scan', '--no-such-option'], ROOT).code).toBe(2);
  });

  it('uses Node built-ins directly: no per-module interop copy of their exports (scripts/bundle.mjs)', () => {
    // `__toESM(require('node:fs'))` defines a getter per export, per importing module: ~14 ms a start for 42 of them.
    expect(bundle().match(/__toESM\(require\("node:[a-z_/]+"\)/g) ?? []).toEqual([]);
    expect(fs.readFileSync(BIN, 'utf8').match(/__toESM\(require\("node:[a-z_/]+"\)/g) ?? []).toEqual([]);
  });

  it('leaves Babel and fast-glob out: loaded on first use, not inlined, not imported at start', () => {
    const text = bundle();
    // esbuild heads each bundled module with a `// node_modules/<package>/<file>` comment (not minified):
    // commander is bundled, so the comment format is what this expects.
    expect(text).toMatch(/^\/\/ node_modules\/commander\//m);
    // Source that only those packages contain: in node_modules, not in the bundle.
    const markers: Record<string, [file: string, marker: string]> = {
      '@babel/parser': ['lib/index.js', 'This experimental syntax requires enabling'],
      '@babel/traverse': ['lib/index.js', 'function traverse('],
      '@babel/types': ['lib/validators/generated/index.js', 'function isIdentifier('],
      'fast-glob': ['out/index.js', 'function FastGlob('],
    };
    for (const [name, [file, marker]] of Object.entries(markers)) {
      expect(text, name).not.toContain(`// node_modules/${name}/`);
      // No static import of it (that would load it on every start), nor the require() esbuild makes of one.
      expect(text, name).not.toMatch(new RegExp(`^\\s*import\\b(?!\\s*\\()[^;]*?${quoted(name)}`, 'm'));
      expect(text, name).not.toMatch(new RegExp(`^var [\\w$]+ = (?:__toESM\\()?require\\(${quoted(name)}\\)`, 'm'));
      const source = path.join(ROOT, 'node_modules', name, file);
      if (!fs.existsSync(source) && (name === '@babel/traverse' || name === '@babel/types')) continue; // no longer installed
      expect(fs.readFileSync(source, 'utf8'), `${name} marker`).toContain(marker);
      expect(text, name).not.toContain(marker);
    }
    for (const name of ['@babel/parser', 'fast-glob']) expect(text, name).toMatch(LAZY_LOAD(name));
  });

  it.skipIf(stale)('leaves out every package that dist/src loads by import() (skipped when older than dist/src)', () => {
    const text = bundle();
    const lazy = dynamicallyImportedPackages();
    expect(lazy).toEqual(expect.arrayContaining(['@babel/parser', 'fast-glob'])); // the code is read right
    for (const name of lazy) {
      expect(text, name).not.toContain(`// node_modules/${name}/`);
      expect(text, name).toMatch(LAZY_LOAD(name));
    }
  });

  it("--version prints package.json's version, from any directory", () => {
    const { code, stdout, stderr } = cli(BIN, ['--version'], os.tmpdir());
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it.skipIf(stale)('scans examples/vulnerable-app to the same JSON report as dist/src/cli.js (skipped when older than dist/src)', () => {
    const args = ['scan', 'examples/vulnerable-app', '--format', 'json', '--no-cache'];
    const bundled = cli(BIN, args);
    const unbundled = cli(UNBUNDLED, args);
    expect(bundled.stderr).toBe('');
    expect(unbundled.stderr).toBe('');
    expect(bundled.code).toBe(1); // findings at or above the default fail-on level
    expect(bundled.code).toBe(unbundled.code);
    const report = JSON.parse(bundled.stdout) as { findings: { ruleId: string; messageId: string; problems: string[]; message: string }[]; diagnostics: unknown[] };
    // A directory walk (fast-glob), parsed files (Babel) and the public-secrets index, read from the
    // package root that src/version.ts finds from the bundle's location (unreadable, it would be a
    // rule-crash diagnostic).
    expect(report.diagnostics).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(5);
    expect(report.findings.map((f) => `${f.ruleId}/${f.messageId}`)).toEqual(expect.arrayContaining(['jwt-hardcoded-secret/literalViaProperty']));
    expect(report.findings.some((f) => f.problems.includes('jwt-weak-secret') && f.message.includes('well-known default'))).toBe(true);
    expect(report).toEqual(JSON.parse(unbundled.stdout));
  });
});
