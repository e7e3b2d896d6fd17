// Bundles the tsc output (dist/src/cli.js) into one file, dist/jwtscan.mjs: the `jwtscan` bin.
// Node's ESM loader resolving and linking ~95 small modules cost ~100 ms of every CLI start (a
// pre-commit hook runs the CLI on each commit); one file starts in about the time of `node -e 0`
// plus the code itself. dist/src/ stays as it is (tests and API users import it).
//
// Not bundled, so still loaded lazily at run time from node_modules: Babel's parser (only when a
// file needs a parse; by a require() made with createRequire, which esbuild does not follow) and
// fast-glob (by import(), only when a directory is walked). @babel/traverse
// and @babel/types are listed too, so that a value import of them cannot pull Babel into every start.
// A package loaded by `import()` that is not listed fails the build. commander and ignore are bundled.
// Not minified: stack traces stay readable. No source map: dist/jwtscan.mjs is readable as it is.
// Data files are found at run time from import.meta.url (src/version.ts walks up to package.json),
// which works from dist/ as from dist/src/.
import { createHash } from 'node:crypto';
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = path.join(ROOT, 'dist/src/cli.js');
const OUT = path.join(ROOT, 'dist/jwtscan.mjs');
const LAZY = ['@babel/parser', '@babel/traverse', '@babel/types', 'fast-glob'];
const SHEBANG = '#!/usr/bin/env node\n';

if (!fs.existsSync(ENTRY)) {
  console.error(`bundle: ${path.relative(ROOT, ENTRY)} is missing; run tsc first (npm run build)`);
  process.exit(1);
}

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: [ENTRY],
  outfile: OUT,
  write: false, // written below, once checked: a failed check leaves no bundle behind
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: LAZY,
  minify: false,
  sourcemap: false,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
  // commander is CommonJS: its `require('node:events')` etc. need a real `require` in an ES module.
  banner: { js: "import { createRequire as __jwtscanCreateRequire } from 'node:module';\nconst require = __jwtscanCreateRequire(import.meta.url);" },
});

fs.rmSync(OUT, { force: true });
const [output] = result.outputFiles;
const text = output.text;
// The entry's `#!` line is kept by esbuild, above the banner; make sure it is there exactly once.
const shebangs = text.split('\n').filter((line) => line.startsWith('#!')).length;
if (!text.startsWith(SHEBANG) || shebangs !== 1) {
  console.error(`bundle: ${path.relative(ROOT, OUT)} must start with one "${SHEBANG.trim()}" line (found ${shebangs})`);
  process.exit(1);
}
// V8 keeps a source with any non-ASCII character as a two-byte string: twice the memory to read and
// compile on every start (~135 more page faults, 2-4 ms here). esbuild escapes strings and identifiers
// but keeps some comments and regular expressions as written: those must be ASCII in the sources.
const nonAscii = text.split('\n').flatMap((line, i) => (/[^\x00-\x7f]/.test(line) ? [`  line ${i + 1}: ${line.trim().slice(0, 120)}`] : []));
if (nonAscii.length > 0) {
  console.error(`bundle: non-ASCII characters in ${path.relative(ROOT, OUT)} (write them as ASCII or \\u escapes in the source):\n${nonAscii.join('\n')}`);
  process.exit(1);
}
// A lazy package that was inlined (a static import of it somewhere) would load on every start; one
// loaded by `import()` but not listed above would be inlined into this file (parsed on every start).
const inputs = Object.entries(result.metafile.inputs);
const inlined = inputs.map(([file]) => file).filter((file) => LAZY.some((name) => file.includes(`node_modules/${name}/`)));
const isPackage = (specifier) => !/^(?:\.|\/|node:)/.test(specifier);
const unlisted = inputs.flatMap(([file, input]) =>
  input.imports.filter((i) => i.kind === 'dynamic-import' && !i.external && isPackage(i.original ?? i.path)).map((i) => `${i.original} (from ${file})`),
);
if (inlined.length > 0 || unlisted.length > 0) {
  if (inlined.length > 0) console.error(`bundle: lazily loaded packages were bundled: ${inlined.join(', ')}`);
  if (unlisted.length > 0) console.error(`bundle: loaded by import() but not external (add to LAZY in scripts/bundle.mjs): ${unlisted.join(', ')}`);
  process.exit(1);
}
fs.writeFileSync(OUT, text, { mode: 0o755 });
fs.chmodSync(OUT, 0o755); // an existing file keeps its mode on write
writeBuildId(Object.keys(result.metafile.inputs));
const modules = Object.keys(result.metafile.inputs).length;
console.log(`bundle: ${path.relative(ROOT, OUT)} (${modules} modules, ${(text.length / 1024).toFixed(0)} KiB)`);

/**
 * dist/build-id: a digest of everything that decides a scan's results (the bundled code, the parser's
 * version, the data files read at run time). The result cache keys on it beside the package
 * version, so a build installed from a git revision between releases never reuses the results of
 * another build (src/version.ts).
 */
function writeBuildId(bundledFiles) {
  const dataDir = 'rules/data/known-jwt-secrets';
  const files = [
    ...bundledFiles,
    'node_modules/@babel/parser/package.json',
    ...fs.readdirSync(path.join(ROOT, dataDir)).map((name) => `${dataDir}/${name}`),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0`).update(fs.readFileSync(path.join(ROOT, file))).update('\0');
  fs.writeFileSync(path.join(ROOT, 'dist/build-id'), `${hash.digest('hex').slice(0, 16)}\n`);
}
