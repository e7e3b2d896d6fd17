// Bundles the tsc output into the files the `jwtscan` bin runs, all CommonJS:
// - dist/jwtscan.cjs, the bin: src/launcher.ts, a few KB. It loads the next file with its code cache.
// - dist/jwtscan-main.cjs: everything else, from src/bundle-entry.ts (the command, commander, ignore),
//   written wrapped in the CommonJS module function for the bin's loader (src/util/code-cache.ts).
// - dist/babel-parser.cjs: a copy of @babel/parser's lib/index.js, wrapped the same way and without
//   its whitespace and comments (~200 fewer page faults to load; its LICENSE beside it). The bundle
//   loads this copy; dist/src/ (tests, API) loads @babel/parser from node_modules.
// - dist/jwtscan-main.v8cache and dist/babel-parser.v8cache: V8 code caches for those two, made by
//   scripts/code-cache.mjs after it ran typical scans.
// Why: Node's ESM loader resolving and linking ~95 small modules cost ~100 ms of every CLI start (a
// pre-commit hook runs the CLI on each commit); one bundle starts in about the time of `node -e 0`
// plus the code itself, a CommonJS entry ~8 ms sooner than an ES module one (no ES module loader to
// set up), and the code caches save compiling what a scan runs (~12 ms of a pre-commit scan on 2 cores).
// dist/src/ stays as it is (the tests import it; the package does not ship it).
//
// Not bundled, so still loaded lazily at run time: Babel's parser (only when a file needs a parse;
// the bundle loads its copy dist/babel-parser.cjs, dist/src a require() made with createRequire,
// which esbuild does not follow) and fast-glob (by import(), only when a directory is walked;
// esbuild turns it into a require() here, of dist/fast-glob.cjs: fast-glob and its dependencies
// bundled on their own, so the installed package needs no node_modules of its own and an
// `npm install` of it downloads nothing else). @babel/traverse and @babel/types are listed too, so
// that a value import of them cannot pull Babel into every start. A package loaded by `import()` that is
// not listed fails the build. The parser copy is of the build: updating @babel/parser in
// node_modules changes what the bin parses with only once jwtscan is built again (npm run build).
// The licence of every package copied into dist/ goes to dist/THIRD-PARTY-NOTICES.txt (Babel's
// parser: dist/babel-parser.LICENSE).
// Not minified: stack traces stay readable. No source map: the bundle is readable as it is.
// Data files are found at run time from import.meta.url (src/version.ts walks up to package.json),
// which esbuild defines here as the bundle's own location: it works from dist/ as from dist/src/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { build, transform } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const BIN = { entry: path.join(DIST, 'src/launcher.js'), out: path.join(DIST, 'jwtscan.cjs') };
const MAIN = { entry: path.join(DIST, 'src/bundle-entry.js'), out: path.join(DIST, 'jwtscan-main.cjs') };
const WORKER = { entry: path.join(DIST, 'src/screen-worker-main.js'), out: path.join(DIST, 'screen-worker.cjs') };
const GLOB = { source: path.join(ROOT, 'node_modules/fast-glob/out/index.js'), out: path.join(DIST, 'fast-glob.cjs') };
const NOTICES = path.join(DIST, 'THIRD-PARTY-NOTICES.txt');
const PARSER = { source: path.join(ROOT, 'node_modules/@babel/parser/lib/index.js'), out: path.join(DIST, 'babel-parser.cjs'), license: path.join(DIST, 'babel-parser.LICENSE') };
/**
 * Removed before anything is built, so a failed build leaves none of them beside new files: the
 * caches and dist/build-id (written again once everything passed), and the ES module bin of builds
 * before dist/jwtscan.cjs.
 */
const STALE = ['jwtscan-main.v8cache', 'babel-parser.v8cache', 'build-id', 'jwtscan.mjs'].map((name) => path.join(DIST, name));
const LAZY = ['@babel/parser', '@babel/traverse', '@babel/types', 'fast-glob'];
const SHEBANG = '#!/usr/bin/env node\n';

for (const { entry } of [BIN, MAIN, WORKER]) {
  if (!fs.existsSync(entry)) {
    console.error(`bundle: ${path.relative(ROOT, entry)} is missing; run tsc first (npm run build)`);
    process.exit(1);
  }
}
for (const file of [BIN.out, MAIN.out, WORKER.out, GLOB.out, NOTICES, PARSER.out, PARSER.license, ...STALE]) fs.rmSync(file, { force: true });
const { wrapModule } = await import(pathToFileURL(path.join(DIST, 'src/util/code-cache.js')).href);

/**
 * Default imports of Node built-ins (`import fs from 'node:fs'`) become `__toESM(require(...))` in
 * CommonJS output, one per importing module, each defining a getter for every export: 42 of them
 * cost ~14 ms of every start on a small machine. Each such built-in gets one ES module here instead,
 * which exports require()'s object as its default (and the named exports the sources import; a new
 * one fails the build until it is listed), so the importers use that object directly.
 */
const BUILTIN_DEFAULT_IMPORTS = { 'node:fs': ['constants'], 'node:path': [], 'node:vm': [] };
const builtinDefaults = {
  name: 'builtin-default-imports',
  setup(builder) {
    const filter = new RegExp(`^(?:${Object.keys(BUILTIN_DEFAULT_IMPORTS).join('|')})$`);
    // Only `import` statements: a require() (commander's) keeps Node's own object.
    builder.onResolve({ filter }, (args) => (args.kind === 'import-statement' && args.namespace !== 'builtin' ? { path: args.path, namespace: 'builtin' } : { path: args.path, external: true }));
    builder.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      loader: 'js',
      contents: [`const builtin = require(${JSON.stringify(args.path)});`, 'export default builtin;', ...BUILTIN_DEFAULT_IMPORTS[args.path].map((name) => `export const ${name} = builtin.${name};`)].join('\n'),
    }));
  },
};

/** `fast-glob` is its own bundle beside this one, dist/fast-glob.cjs, required on first use. */
const globChunk = {
  name: 'fast-glob-chunk',
  setup(builder) {
    builder.onResolve({ filter: /^fast-glob$/ }, () => ({ path: `./${path.basename(GLOB.out)}`, external: true }));
  },
};

const common = {
  absWorkingDir: ROOT,
  write: false, // written below, once checked: a failed check leaves no bundle behind
  bundle: true,
  format: 'cjs',
  platform: 'node',
  // ES module builds first: jsonc-parser's "main" is a UMD wrapper whose require()s esbuild cannot follow.
  mainFields: ['module', 'main'],
  target: 'node20',
  external: LAZY.filter((name) => name !== 'fast-glob'),
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // import.meta.url is the bundle's own file URL, as in the ES modules (injected, so "use strict" stays first).
  inject: [path.join(ROOT, 'scripts/import-meta-url.js')],
  define: { 'import.meta.url': 'importMetaUrl' },
  // import('fast-glob') becomes a require() in a promise: code compiled by the bin's loader (vm) has
  // no ES module loader to import with.
  supported: { 'dynamic-import': false },
  plugins: [builtinDefaults, globChunk],
};
const main = await build({ ...common, entryPoints: [MAIN.entry], outfile: MAIN.out });
const bin = await build({ ...common, entryPoints: [BIN.entry], outfile: BIN.out, banner: { js: SHEBANG.trim() } });
// The screening worker (src/files/parallel-screen.ts) runs this file in a worker thread, plain CommonJS: the
// reading and keyword check, and the rules for the text pass of large files (the parser stays lazy, never loaded there).
const worker = await build({ ...common, entryPoints: [WORKER.entry], outfile: WORKER.out });
const glob = await build({ ...common, entryPoints: [GLOB.source], outfile: GLOB.out, external: [], inject: [], define: {}, plugins: [] });

const mainText = checked(main, MAIN.out);
const binText = checked(bin, BIN.out);
const workerText = checked(worker, WORKER.out);
const globText = checked(glob, GLOB.out, { lazyInside: ['fast-glob'] });
if (!binText.startsWith(SHEBANG) || binText.split('\n').filter((line) => line.startsWith('#!')).length !== 1) {
  console.error(`bundle: ${path.relative(ROOT, BIN.out)} must start with one "${SHEBANG.trim()}" line`);
  process.exit(1);
}
// esbuild only drops whitespace and comments here (names and syntax stay); the bundle tests compare
// the ASTs this copy and the original give for every fixture.
const parser = await transform(fs.readFileSync(PARSER.source, 'utf8'), { loader: 'js', format: 'cjs', minifyWhitespace: true, legalComments: 'inline', logLevel: 'warning' });
if (!parser.code.startsWith('"use strict";')) {
  console.error('bundle: the parser copy no longer starts with "use strict"');
  process.exit(1);
}
// Every check passed: write the files, dist/build-id last.
const outputs = [
  [BIN.out, binText],
  [MAIN.out, wrapModule(mainText)],
  [PARSER.out, wrapModule(parser.code)],
  [WORKER.out, workerText],
  [GLOB.out, globText],
];
for (const [file, text] of outputs) fs.writeFileSync(file, text);
fs.chmodSync(BIN.out, 0o755);
fs.copyFileSync(path.join(path.dirname(PARSER.source), '..', 'LICENSE'), PARSER.license);
fs.writeFileSync(NOTICES, notices([main, bin, worker, glob]));
writeBuildId(outputs.map(([, text]) => text));
const modules = Object.keys(main.metafile.inputs).length;
console.log(
  `bundle: ${path.relative(ROOT, BIN.out)} (${(binText.length / 1024).toFixed(0)} KiB), ${path.relative(ROOT, MAIN.out)} (${modules} modules, ${(mainText.length / 1024).toFixed(0)} KiB), ${path.relative(ROOT, PARSER.out)} (${(parser.code.length / 1024).toFixed(0)} KiB), ${path.relative(ROOT, GLOB.out)} (${(globText.length / 1024).toFixed(0)} KiB)`,
);
// In a process of its own: it runs the bundle (scans a throwaway project) to make the caches. It
// fails (and so the build) only when the bundle fails a scan.
execFileSync(process.execPath, [path.join(ROOT, 'scripts/code-cache.mjs')], { stdio: 'inherit' });

/**
 * The licence of every npm package whose code esbuild copied into these bundles (MIT and ISC ask
 * that their notice ships with the copy): name, version, licence, and its licence file's text.
 */
function notices(results) {
  const packageDirs = new Set();
  for (const result of results) {
    for (const input of Object.keys(result.metafile.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
      if (match) packageDirs.add(match[1]);
    }
  }
  const sections = [...packageDirs].map((dir) => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
    const licenseFile = fs.readdirSync(path.join(ROOT, dir)).find((name) => /^licen[cs]e(?:[-.][\w.-]+)?$/i.test(name));
    if (!licenseFile) {
      console.error(`bundle: ${dir} has no licence file to ship beside its bundled copy`);
      process.exit(1);
    }
    const text = fs.readFileSync(path.join(ROOT, dir, licenseFile), 'utf8').trim();
    return { id: `${manifest.name}@${manifest.version}`, body: `${manifest.name}@${manifest.version} (${manifest.license})\n\n${text}\n` };
  });
  sections.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rule = `\n${'-'.repeat(72)}\n\n`;
  return `Third-party code bundled into jwtscan's dist/ (Babel's parser: dist/babel-parser.LICENSE)\n${rule}${sections.map((s) => s.body).join(rule)}`;
}

/** The bundle's text, once it passed the checks every bundle must pass; else the build fails. */
function checked(result, out, { lazyInside = [] } = {}) {
  const text = result.outputFiles[0].text;
  const name = path.relative(ROOT, out);
  // V8 keeps a source with any non-ASCII character as a two-byte string: twice the memory to read and
  // compile on every start (~135 more page faults, 2-4 ms here). esbuild escapes strings and identifiers
  // but keeps some comments and regular expressions as written: those must be ASCII in the sources.
  const nonAscii = text.split('\n').flatMap((line, i) => (/[^\x00-\x7f]/.test(line) ? [`  line ${i + 1}: ${line.trim().slice(0, 120)}`] : []));
  if (nonAscii.length > 0) {
    console.error(`bundle: non-ASCII characters in ${name} (write them as ASCII or \\u escapes in the source):\n${nonAscii.join('\n')}`);
    process.exit(1);
  }
  // A lazy package that was inlined (a static import of it somewhere) would load on every start; one
  // loaded by `import()` but not listed above would be inlined into the bundle (parsed on every start).
  const inputs = Object.entries(result.metafile.inputs);
  const inlined = inputs.map(([file]) => file).filter((file) => LAZY.some((pkg) => !lazyInside.includes(pkg) && file.includes(`node_modules/${pkg}/`)));
  const isPackage = (specifier) => !/^(?:\.|\/|node:)/.test(specifier);
  const unlisted = inputs.flatMap(([file, input]) =>
    input.imports.filter((i) => i.kind === 'dynamic-import' && !i.external && isPackage(i.original ?? i.path)).map((i) => `${i.original} (from ${file})`),
  );
  if (inlined.length > 0 || unlisted.length > 0) {
    if (inlined.length > 0) console.error(`bundle: lazily loaded packages were bundled into ${name}: ${inlined.join(', ')}`);
    if (unlisted.length > 0) console.error(`bundle: loaded by import() but not external (add to LAZY in scripts/bundle.mjs): ${unlisted.join(', ')}`);
    process.exit(1);
  }
  return text;
}

/**
 * dist/build-id: a digest of everything that decides a scan's results: the files the bin runs (the
 * bin, the bundle, the parser's copy), the parser version dist/src uses, and the data files read at
 * run time. The result cache keys on it beside the package version, so a build installed from a git
 * revision between releases never reuses the results of another build (src/version.ts); a code cache
 * is only taken by the build it names (src/util/code-cache.ts).
 */
function writeBuildId(outputTexts) {
  const dataDir = 'rules/data/known-jwt-secrets';
  const files = ['node_modules/@babel/parser/package.json', ...fs.readdirSync(path.join(ROOT, dataDir)).map((name) => `${dataDir}/${name}`)].sort();
  const hash = createHash('sha256');
  for (const text of outputTexts) hash.update(text).update('\0');
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  fs.writeFileSync(path.join(ROOT, 'dist/build-id'), `${hash.digest('hex').slice(0, 16)}\n`);
}
