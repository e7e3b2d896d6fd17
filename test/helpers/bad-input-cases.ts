/**
 * The bad-input cases of issue 7, each a builder that writes its files into a directory of a temp
 * tree and says what the scan must report there. The per-case tests (test/hardening/bad-input-*.test.ts)
 * build one case next to a witness file; the "all at once" test builds every case side by side.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { DiagnosticKind } from '../../src/rule.js';
import type { ScanOptions, ScanResult } from '../../src/scan.js';
import {
  describe_,
  diagnosticKinds,
  expectNoKeyInOutputs,
  expectReported,
  findingsIn,
  INLINE,
  LEAK_AT,
  leakSource,
  plantedKey,
  plantWitness,
  positionOf,
  put,
  scanTree,
  type Expected,
  type Outputs,
} from './bad-input.js';
import { makeTree } from './temp-tree.js';

/** Every case runs with this --max-file-size, so a bundle of several MB fits and the too-large case is over it. */
export const MAX_FILE_SIZE = 3 * 1024 * 1024;

export interface Built {
  /** Findings the scan must report (paths relative to the tree root). */
  expected: Expected[];
  /** Every key planted, including those in files that cannot carry one: none may appear in any output. */
  keys: string[];
  /** Diagnostics the scan must report: for each file, one of the kinds. */
  diagnostics: { file: string; kinds: DiagnosticKind[] }[];
  /** Files that must have no finding and no diagnostic at all. */
  quiet?: string[];
}

export interface BadInputCase {
  id: string;
  /** Writes the case under `root/dir` (`dir` is '' or ends with '/'). */
  build(root: string, dir: string): Built;
}

const JWT = `const jwt = require('jsonwebtoken');`;

function inline(file: string, text: string, key: string, ruleId = INLINE): Expected {
  return { file, ruleId, ...positionOf(text, ruleId === INLINE ? `'${key}'` : `"${key}"`) };
}

/** Minified-looking code, valid JavaScript, about `bytes` long, on one line. */
export function minified(bytes: number, seed = 0): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = seed; size < bytes; i++) {
    const part = `function a${i}(b,c){return b?c+${i}:[b,c].map(function(d){return d*2})}var e${i}=a${i}(1,"s${i}");`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

export function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

export const syntaxErrors: BadInputCase = {
  id: 'syntax-errors',
  build(root, dir) {
    const js = plantedKey('syntax-js');
    const ts = plantedKey('syntax-ts');
    const jsText = `${JWT}\nfunction f( {\n  jwt.sign(p, '${js}');\n`;
    const tsText = `import jwt from 'jsonwebtoken';\nexport class A {\n  sign(p: P) { return jwt.sign(p, '${ts}') }\n  oops(: number {\n`;
    put(root, `${dir}broken.js`, jsText);
    put(root, `${dir}broken.ts`, tsText);
    return {
      expected: [inline(`${dir}broken.js`, jsText, js), inline(`${dir}broken.ts`, tsText, ts)],
      keys: [js, ts],
      diagnostics: [
        { file: `${dir}broken.js`, kinds: ['parse-error'] },
        { file: `${dir}broken.ts`, kinds: ['parse-error', 'parse-recovered'] },
      ],
    };
  },
};

/** A bundle of several MB on a single line, under the size limit; one key by the module name, one through a require alias. */
export const minifiedBundle: BadInputCase = {
  id: 'minified-bundle',
  build(root, dir) {
    const a = plantedKey('bundle-named');
    const b = plantedKey('bundle-alias');
    const text =
      `var r=require("jsonwebtoken");` +
      minified(1_400_000) +
      `var t=jwt.sign(p,'${a}');` +
      minified(900_000, 1) +
      `var u=r.verify(t,'${b}',{algorithms:["HS256"]});` +
      minified(300_000, 2);
    put(root, `${dir}bundle.min.js`, text);
    return { expected: [inline(`${dir}bundle.min.js`, text, a), inline(`${dir}bundle.min.js`, text, b)], keys: [a, b], diagnostics: [] };
  },
};

/** A small minified bundle, under the parse limit: parsed by Babel, not by the text pass. */
export const smallBundle: BadInputCase = {
  id: 'small-bundle',
  build(root, dir) {
    const key = plantedKey('small-bundle');
    const text = `var j=require("jsonwebtoken");${minified(30_000)}var t=j.sign(p,'${key}');${minified(10_000, 7)}`;
    put(root, `${dir}small.min.js`, text);
    return { expected: [inline(`${dir}small.min.js`, text, key)], keys: [key], diagnostics: [] };
  },
};

const DEPTH = 10_000;

export const deepNesting: BadInputCase = {
  id: 'deep-nesting',
  build(root, dir) {
    const files: Record<string, string> = {
      'deep-parens.js': `const x = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)};`,
      'deep-arrays.js': `const x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)};`,
      'deep-calls.js': `const x = ${'f('.repeat(DEPTH)}${')'.repeat(DEPTH)};`,
      'deep-objects.js': `const x = ${'{a:'.repeat(DEPTH)}1${'}'.repeat(DEPTH)};`,
    };
    const built: Built = { expected: [], keys: [], diagnostics: [] };
    for (const [name, nested] of Object.entries(files)) {
      const key = plantedKey(name);
      const text = `${JWT}\n${nested}\nexports.t = (p) => jwt.sign(p, '${key}');\n`;
      put(root, dir + name, text);
      built.expected.push(inline(dir + name, text, key));
      built.keys.push(key);
      built.diagnostics.push({ file: dir + name, kinds: ['parse-error', 'analysis-error'] });
    }
    // The key at the bottom of the nesting.
    const key = plantedKey('deep-inside');
    const text = `${JWT}\nconst x = ${'f('.repeat(DEPTH)}jwt.sign(p, '${key}')${')'.repeat(DEPTH)};\n`;
    put(root, `${dir}deep-inside.js`, text);
    built.expected.push(inline(`${dir}deep-inside.js`, text, key));
    built.keys.push(key);
    built.diagnostics.push({ file: `${dir}deep-inside.js`, kinds: ['parse-error', 'analysis-error'] });
    return built;
  },
};

/** Over --max-file-size: skipped with a diagnostic, but inline keys are still found by the streaming pass. */
export const tooLarge: BadInputCase = {
  id: 'too-large',
  build(root, dir) {
    const first = plantedKey('too-large-first');
    const last = plantedKey('too-large-last');
    const single = plantedKey('too-large-single-line');
    const filler = '// generated table row 0123456789 abcdefghijklmnopqrstuvwxyz\n';
    const lines = `${leakSource(first)}${filler.repeat(Math.ceil((MAX_FILE_SIZE + 100_000) / filler.length))}const v = jwt.verify(t, '${last}');\n`;
    const oneLine = `var j=require("jsonwebtoken");${minified(MAX_FILE_SIZE + 50_000)}var t=j.sign(p,'${single}');`;
    put(root, `${dir}huge.js`, lines);
    put(root, `${dir}huge.min.js`, oneLine);
    return {
      expected: [inline(`${dir}huge.js`, lines, first), inline(`${dir}huge.js`, lines, last), inline(`${dir}huge.min.js`, oneLine, single)],
      keys: [first, last, single],
      diagnostics: [
        { file: `${dir}huge.js`, kinds: ['too-large'] },
        { file: `${dir}huge.min.js`, kinds: ['too-large'] },
      ],
    };
  },
};

/** NUL bytes: skipped as binary (it cannot be read as source), and its key never printed. */
export const binary: BadInputCase = {
  id: 'binary',
  build(root, dir) {
    const key = plantedKey('binary');
    put(root, `${dir}image.js`, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.from(leakSource(key)), Buffer.from([0, 0xff, 0xfe, 0])]));
    return { expected: [], keys: [key], diagnostics: [{ file: `${dir}image.js`, kinds: ['binary'] }] };
  },
};

/** Invalid bytes in a comment and in a string before the key: decoded lossily (one U+FFFD each), scanned, noted. */
export const invalidUtf8: BadInputCase = {
  id: 'invalid-utf8',
  build(root, dir) {
    const key = plantedKey('invalid-utf8');
    const bytes = Buffer.concat([
      Buffer.from(`// caf`),
      Buffer.from([0xe9]),
      Buffer.from(`\n${JWT}\nexports.t = (p) => jwt.sign({ n: '`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(`' }, '${key}');\n`),
    ]);
    put(root, `${dir}latin1.js`, bytes);
    const decoded = new TextDecoder('utf-8').decode(bytes);
    return { expected: [inline(`${dir}latin1.js`, decoded, key)], keys: [key], diagnostics: [{ file: `${dir}latin1.js`, kinds: ['encoding'] }] };
  },
};

export const utf8Bom: BadInputCase = {
  id: 'utf8-bom',
  build(root, dir) {
    const key = plantedKey('utf8-bom');
    const text = `${JWT} exports.t = (p) => jwt.sign(p, '${key}');\n`;
    put(root, `${dir}bom.js`, `\ufeff${text}`);
    // Line 1, column as an editor shows it: the BOM is not a character of the line.
    return { expected: [inline(`${dir}bom.js`, text, key)], keys: [key], diagnostics: [] };
  },
};

export const utf16: BadInputCase = {
  id: 'utf16',
  build(root, dir) {
    const le = plantedKey('utf16-le');
    const be = plantedKey('utf16-be');
    const leText = `// é 😀\n${leakSource(le)}`;
    const beText = `// é 😀\n${leakSource(be)}`;
    const beBytes = Buffer.from(`\ufeff${beText}`, 'utf16le');
    beBytes.swap16();
    put(root, `${dir}utf16le.js`, Buffer.from(`\ufeff${leText}`, 'utf16le'));
    put(root, `${dir}utf16be.js`, beBytes);
    return { expected: [inline(`${dir}utf16le.js`, leText, le), inline(`${dir}utf16be.js`, beText, be)], keys: [le, be], diagnostics: [] };
  },
};

/** CRLF, lone CR, and a mix of every line break; once through the parser and once through the text fallback. */
export function lineEndingFile(key: string, newline: string, broken: boolean): string {
  return [JWT, '// 😀 two code units', broken ? 'function f( {' : '', `  const t = jwt.sign({ e: '😀' }, '${key}');`, ''].join(newline);
}

export const lineEndings: BadInputCase = {
  id: 'line-endings',
  build(root, dir) {
    const built: Built = { expected: [], keys: [], diagnostics: [] };
    const variants: [string, string, boolean][] = [
      ['crlf.js', '\r\n', false],
      ['cr.js', '\r', false],
      ['crlf-broken.js', '\r\n', true],
      // Not 'cr-broken.js' (lone CR through the fallback): a known bug, its own it.fails test in bad-input-encoding.test.ts.
    ];
    for (const [name, nl, broken] of variants) {
      const key = plantedKey(name);
      const text = lineEndingFile(key, nl, broken);
      put(root, dir + name, text);
      built.expected.push(inline(dir + name, text, key));
      built.keys.push(key);
      if (broken) built.diagnostics.push({ file: dir + name, kinds: ['parse-error'] });
    }
    const key = plantedKey('mixed-eol');
    const text = `${JWT}\r\n// a\r// b\n// c\u2028// d\u2029\r\n\t\tjwt.sign(p, '${key}');\n`;
    put(root, `${dir}mixed.js`, text);
    built.expected.push(inline(`${dir}mixed.js`, text, key));
    built.keys.push(key);
    return built;
  },
};

export const emptyAndShebang: BadInputCase = {
  id: 'empty-shebang',
  build(root, dir) {
    const key = plantedKey('shebang');
    const text = `#!/usr/bin/env node\n${leakSource(key)}`;
    put(root, `${dir}empty.js`, '');
    put(root, `${dir}shebang-only.js`, '#!/usr/bin/env node\n');
    put(root, `${dir}shebang-no-eol.mjs`, '#!/usr/bin/env -S node --jwt');
    put(root, `${dir}shebang.js`, text);
    return {
      expected: [inline(`${dir}shebang.js`, text, key)],
      keys: [key],
      diagnostics: [],
      quiet: [`${dir}empty.js`, `${dir}shebang-only.js`, `${dir}shebang-no-eol.mjs`],
    };
  },
};

export const declarationFile: BadInputCase = {
  id: 'dts',
  build(root, dir) {
    const key = plantedKey('dts');
    const text = `import type { Secret } from 'jsonwebtoken';\nexport declare const JWT_SECRET = "${key}";\nexport declare function sign(payload: object, key: Secret): string;\ndeclare module 'x' { export const y: number }\n`;
    put(root, `${dir}types.d.ts`, text);
    return { expected: [inline(`${dir}types.d.ts`, text, key, 'jwt-secret-by-name')], keys: [key], diagnostics: [] };
  },
};

export const flow: BadInputCase = {
  id: 'flow',
  build(root, dir) {
    const key = plantedKey('flow');
    const text = `// @flow\nimport jwt from 'jsonwebtoken';\ntype Claims = {| sub: string, +admin?: boolean |};\nexport function token(c: Claims): string {\n  return jwt.sign(c, '${key}');\n}\n`;
    put(root, `${dir}flow.js`, text);
    return { expected: [inline(`${dir}flow.js`, text, key)], keys: [key], diagnostics: [] };
  },
};

export const jsxInJs: BadInputCase = {
  id: 'jsx',
  build(root, dir) {
    const key = plantedKey('jsx');
    const text = `import jwt from 'jsonwebtoken';\nexport function Login() {\n  return (\n    <button onClick={() => jwt.sign({ sub: 1 }, '${key}')}>\n      Log in <b>now</b>\n    </button>\n  );\n}\n`;
    put(root, `${dir}login.js`, text);
    return { expected: [inline(`${dir}login.js`, text, key)], keys: [key], diagnostics: [] };
  },
};

export const NASTY_NAMES = ['with space.js', 'dir with space/ünïcödé 😀 名前.ts', 'new\nline.js', 'tab\tand\u00a0nbsp.js', '#hash%20percent?.js'];

export const fileNames: BadInputCase = {
  id: 'file-names',
  build(root, dir) {
    const built: Built = { expected: [], keys: [], diagnostics: [] };
    for (const name of NASTY_NAMES) {
      const key = plantedKey(`name-${name}`);
      put(root, dir + name, leakSource(key));
      built.expected.push({ file: dir + name, ruleId: INLINE, ...LEAK_AT });
      built.keys.push(key);
    }
    return built;
  },
};

/** A loop, a link out of the root (to a directory and to a file with a key), a dangling link. */
export const symlinks: BadInputCase = {
  id: 'symlinks',
  build(root, dir) {
    const inside = plantedKey('symlink-inside');
    const outsideDir = plantedKey('symlink-outside-dir');
    const outsideFile = plantedKey('symlink-outside-file');
    const outside = makeTree({ 'lib/secret.js': leakSource(outsideDir), 'key.js': leakSource(outsideFile) });
    put(root, `${dir}src/real.js`, leakSource(inside));
    fs.symlinkSync('..', path.join(root, dir, 'src/loop'));
    fs.symlinkSync('.', path.join(root, dir, 'src/self.js'));
    fs.symlinkSync(outside, path.join(root, dir, 'outside'));
    fs.symlinkSync(path.join(outside, 'key.js'), path.join(root, dir, 'linked.js'));
    fs.symlinkSync(path.join(outside, 'missing.js'), path.join(root, dir, 'dangling.js'));
    return {
      expected: [{ file: `${dir}src/real.js`, ruleId: INLINE, ...LEAK_AT }],
      keys: [inside, outsideDir, outsideFile],
      diagnostics: [
        { file: `${dir}linked.js`, kinds: ['symlink'] },
        { file: `${dir}dangling.js`, kinds: ['symlink'] },
        { file: `${dir}src/self.js`, kinds: ['symlink'] },
      ],
    };
  },
};

/** Directories with source names: walked into, never read as files. */
export const oddEntries: BadInputCase = {
  id: 'odd-entries',
  build(root, dir) {
    const key = plantedKey('dir-named-js');
    put(root, `${dir}x.js/inner.js`, leakSource(key));
    fs.mkdirSync(path.join(root, dir, 'empty.ts'), { recursive: true });
    return { expected: [{ file: `${dir}x.js/inner.js`, ruleId: INLINE, ...LEAK_AT }], keys: [key], diagnostics: [] };
  },
};

/**
 * A FIFO with a source name (reading it would block forever). No diagnostic is expected yet: see the
 * it.fails test in bad-input-fs.test.ts. Callers must unblock it after the scan (`unblockFifo`).
 */
export const fifo: BadInputCase = {
  id: 'fifo',
  build(root, dir) {
    if (hasMkfifo()) execFileSync('mkfifo', [path.join(root, dir, 'pipe.js')]);
    return { expected: [], keys: [], diagnostics: [] };
  },
};

/** Opens the write end of a FIFO and closes it, so a reader blocked on it (a scanner bug) gets EOF. */
export function unblockFifo(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  } catch {
    // no reader waiting (ENXIO), or no FIFO: nothing to unblock
  }
}

/** Mode 000 (only meaningful when not running as root, who can read anything). */
export const permissionDenied: BadInputCase = {
  id: 'permission-denied',
  build(root, dir) {
    const file = plantedKey('mode-000-file');
    const inDir = plantedKey('mode-000-dir');
    fs.chmodSync(put(root, `${dir}locked.js`, leakSource(file)), 0o000);
    put(root, `${dir}locked-dir/a.js`, leakSource(inDir));
    fs.chmodSync(path.join(root, dir, 'locked-dir'), 0o000);
    return {
      expected: [],
      keys: [file, inDir],
      diagnostics: [
        { file: `${dir}locked.js`, kinds: ['unreadable'] },
        { file: `${dir}locked-dir`, kinds: ['unreadable'] },
      ],
    };
  },
};

export const deepTree: BadInputCase = {
  id: 'deep-tree',
  build(root, dir) {
    const key = plantedKey('deep-tree');
    const deep = Array.from({ length: 200 }, (_, i) => `d${i}`).join('/');
    put(root, `${dir}${deep}/bottom.js`, leakSource(key));
    return { expected: [{ file: `${dir}${deep}/bottom.js`, ruleId: INLINE, ...LEAK_AT }], keys: [key], diagnostics: [] };
  },
};

export function manyFiles(count: number): BadInputCase {
  return {
    id: `many-files-${count}`,
    build(root, dir) {
      const key = plantedKey(`many-files-${count}`);
      const folder = path.join(root, dir, 'many');
      fs.mkdirSync(folder, { recursive: true });
      const width = String(count).length;
      const secretAt = Math.floor(count * 0.7);
      for (let i = 0; i < count; i++) {
        const name = `f${String(i).padStart(width, '0')}.js`;
        // Every 50th file passes the keyword prefilter, so the parser sees many files too.
        const body = i === secretAt ? leakSource(key) : i % 50 === 0 ? `exports.v${i} = (jwt) => jwt.decode(t${i});\n` : `exports.v${i} = ${i};\n`;
        fs.writeFileSync(path.join(folder, name), body);
      }
      const file = `${dir}many/f${String(secretAt).padStart(width, '0')}.js`;
      return { expected: [{ file, ruleId: INLINE, ...LEAK_AT }], keys: [key], diagnostics: [] };
    },
  };
}

/** Every case of the catalogue that a plain directory scan (the CLI) can hold; permission cases only when they mean something. */
export function allCases(manyCount: number): BadInputCase[] {
  return [
    syntaxErrors,
    minifiedBundle,
    smallBundle,
    deepNesting,
    tooLarge,
    binary,
    invalidUtf8,
    utf8Bom,
    utf16,
    lineEndings,
    emptyAndShebang,
    declarationFile,
    flow,
    jsxInJs,
    fileNames,
    symlinks,
    oddEntries,
    fifo,
    ...(IS_ROOT ? [] : [permissionDenied]),
    deepTree,
    manyFiles(manyCount),
  ];
}

export interface CaseRun {
  root: string;
  built: Built;
  result: ScanResult;
  outputs: Outputs;
  witness: { key: string; expected: Expected };
}

/** Checks every diagnostic and quiet-file expectation of a built case against a scan result. */
export function expectDiagnostics(result: ScanResult, built: Built): void {
  for (const d of built.diagnostics) {
    const kinds = diagnosticKinds(result, d.file);
    expect(kinds.filter((k) => d.kinds.includes(k)), `diagnostic ${d.kinds.join('|')} for ${JSON.stringify(d.file)} (got ${kinds.join(', ') || 'none'})`).not.toEqual([]);
  }
  for (const file of built.quiet ?? []) {
    expect(findingsIn(result, file), `findings in ${file}`).toEqual([]);
    expect(diagnosticKinds(result, file), `diagnostics for ${file}`).toEqual([]);
  }
}

/**
 * Builds one case in a fresh temp tree with a witness file sorted after it, runs the real scan, and
 * checks: exactly the expected findings (and the witness's: the scan went on), at the right line and
 * column in the result and in text, JSON and SARIF; the expected diagnostics; no key in any output.
 */
export async function runCase(c: BadInputCase, overrides: Partial<ScanOptions> = {}): Promise<CaseRun> {
  const root = makeTree({});
  const built = c.build(root, '');
  const witness = plantWitness(root, c.id);
  const result = await scanTree(root, { maxFileSize: MAX_FILE_SIZE, ...overrides });
  const outputs = expectNoKeyInOutputs(result, [...built.keys, witness.key]);
  const expected = [...built.expected, witness.expected];
  expectReported(result, outputs, expected);
  const all = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.region.start.line}:${f.region.start.column}`).sort();
  expect(all, 'no finding but the planted ones').toEqual(expected.map(describe_).sort());
  expectDiagnostics(result, built);
  return { root, built, result, outputs, witness };
}
