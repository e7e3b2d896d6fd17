/**
 * Issue 7, bad input (1/3): what the parser and the text passes get. Each case is built in a temp
 * tree with a witness file scanned after it, by the real scan; see test/helpers/bad-input-cases.ts.
 */
import { describe, expect, it } from 'vitest';
import { INLINE, formatAll, leakedKeys, leakSource, plantedKey, positionOf, put, scanTree } from '../helpers/bad-input.js';
import {
  declarationFile,
  deepNesting,
  emptyAndShebang,
  flow,
  jsxInJs,
  MAX_FILE_SIZE,
  minified,
  minifiedBundle,
  runCase,
  smallBundle,
  syntaxErrors,
  tooLarge,
} from '../helpers/bad-input-cases.js';
import { makeTree } from '../helpers/temp-tree.js';
import { scanPaths } from '../helpers/scan-helpers.js';

describe('bad input: parsing', () => {
  it('syntax errors: a parse-error diagnostic, and the text fallback still finds the key', async () => {
    const { result } = await runCase(syntaxErrors);
    expect(result.findings.find((f) => f.file === 'broken.js')?.fromFallback).toBe(true);
  });

  it('a minified single-line bundle of several MB (under the size limit): both keys found, at their columns on line 1', async () => {
    const { result } = await runCase(minifiedBundle);
    const bundle = result.findings.filter((f) => f.file === 'bundle.min.js');
    expect(bundle.map((f) => f.region.start.line)).toEqual([1, 1]);
    expect(bundle[1]!.region.start.column).toBeGreaterThan(2_300_000);
    expect(result.diagnostics.filter((d) => d.file === 'bundle.min.js').map((d) => d.kind)).not.toContain('too-large');
  });

  it('a small minified bundle (under the parse limit) is parsed, not only text-scanned', async () => {
    const { result } = await runCase(smallBundle);
    expect(result.findings.find((f) => f.file === 'small.min.js')?.fromFallback).toBe(false);
  });

  // Regression (was a bug): the code frame of the text report is cut to 240 characters *before* the reported keys are
  // scrubbed from it, so when maskStrings() is thrown off by a quote in a regex literal (common in
  // minified code) the key is left unmasked and its first characters survive the cut:
  //   `a=b+c;`×30 + `var re=/"/,t=jwt.sign(p,"<key>");` → the frame ends in `/"…"<first 49 chars of the key>…`.
  // Fix: scrub before truncating (src/engine/file-report.ts maskedLine / finish).
  it('a quote in a regex literal before the key on a long line: no part of the key in the text report', async () => {
    const root = makeTree({});
    const key = plantedKey('regex-quote-long-line');
    const text = `const jwt = require('jsonwebtoken');\n${'a=b+c;'.repeat(30)}var re=/"/,t=jwt.sign(p,"${key}");\n`;
    put(root, 'min.js', text);
    const result = await scanTree(root);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([
      `${INLINE} ${positionOf(text, `"${key}"`).line}:${positionOf(text, `"${key}"`).column}`,
    ]);
    const outputs = formatAll(result);
    expect(leakedKeys(`${outputs.text}\n${outputs.json}\n${outputs.sarif}`, [key])).toEqual([]);
  });

  it('10,000-deep parentheses, arrays, objects and calls: a parse-error or analysis-error diagnostic, and the key found by the fallback', async () => {
    const { result } = await runCase(deepNesting);
    for (const f of result.findings.filter((f) => f.file.startsWith('deep-'))) expect(f.fromFallback, f.file).toBe(true);
  });

  it('long concatenations (2,000 to 5,000 strings) near the stack limit: never a rule crash, and the key found either way', async () => {
    // Whether the parse, the walk or nothing overflows at these depths depends on the JIT's frame
    // sizes; what must hold is that an overflow is the file's (parse-error or analysis-error with the
    // text fallback), never reported as a crash of each rule, and that the key is found.
    const root = makeTree({});
    const keys = new Map<string, string>();
    for (const terms of [2000, 3000, 4000, 5000]) {
      const key = plantedKey(`deep-concatenation-${terms}`);
      const text = `const jwt = require('jsonwebtoken');\nconst s = ${Array.from({ length: terms }, (_, i) => `"p${i}"`).join(' + ')};\njwt.sign(p, '${key}');\n`;
      put(root, `concat-${terms}.js`, text);
      keys.set(`concat-${terms}.js`, `3:${positionOf(text, `'${key}'`).column}`);
    }
    const result = await scanTree(root);
    for (const d of result.diagnostics) expect(['parse-error', 'analysis-error'], `${d.file}: ${d.message}`).toContain(d.kind);
    for (const [file, at] of keys) {
      expect(result.findings.filter((f) => f.file === file && f.ruleId === INLINE).map((f) => `${f.region.start.line}:${f.region.start.column}`), file).toEqual([at]);
    }
  });

  it('files over --max-file-size (lines, and a single-line bundle): a too-large diagnostic, and the streaming pass still finds every inline key', async () => {
    const { result } = await runCase(tooLarge);
    expect(result.diagnostics.find((d) => d.file === 'huge.js')).toMatchObject({ kind: 'too-large', level: 'warning' });
  });

  // Regression (was a bug): the streaming pass counts a CRLF split across its 1 MiB window boundary as two line breaks
  // (advance() counts the `\r` ending one window, the next window starts with `\n`), so every key after
  // it is reported one line too low; a key inside the overlap is reported twice (right and wrong line).
  // Repro: a CRLF file over --max-file-size whose 1,048,575th character (0-based) is `\r`.
  it('a file over the size limit with CRLF line ends across the streaming window boundary: right line, one finding', async () => {
    const root = makeTree({});
    const key = plantedKey('too-large-crlf-boundary');
    const WINDOW = 1024 * 1024;
    let text = `const jwt = require('jsonwebtoken');\r\n`;
    const row = '// generated row 0123456789 abcdefghijklmnopqrstuvwxyz\r\n';
    while (text.length + row.length < WINDOW - 1) text += row;
    text += `${'/'.repeat(WINDOW - 1 - text.length)}\r\n`; // the `\r` is the last character of the first window
    text += `${row.repeat(2000)}jwt.sign(p, '${key}');\r\n${row.repeat(40_000)}`;
    put(root, 'crlf-huge.js', text);
    const result = await scanTree(root, { maxFileSize: 2 * 1024 * 1024 });
    expect(result.diagnostics.map((d) => d.kind)).toContain('too-large');
    const at = positionOf(text, `'${key}'`);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([`${INLINE} ${at.line}:${at.column}`]);
  });

  // Regression (was a bug): the streaming pass decodes every file as UTF-8, so a UTF-16 file over the size limit is
  // "checked for inline keys by the streaming text pass" (the diagnostic says so) but its key is never
  // seen: the finding is lost. Small UTF-16 files are decoded (read-source.ts); large ones are not.
  // Repro: BOM FF FE + UTF-16LE of `const jwt = require('jsonwebtoken');\njwt.sign(p, '<key>');\n` + 3 MB of comments.
  it('a UTF-16 file over the size limit: its inline key is still found by the streaming pass', async () => {
    const root = makeTree({});
    const key = plantedKey('too-large-utf16');
    const text = `${leakSource(key)}${'// padding padding padding padding\n'.repeat(40_000)}`;
    put(root, 'wide.js', Buffer.from(`\ufeff${text}`, 'utf16le'));
    const result = await scanTree(root, { maxFileSize: 2 * 1024 * 1024 });
    expect(result.diagnostics.map((d) => d.kind)).toContain('too-large');
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([`${INLINE} 2:32`]);
  });

  // Regression (was a bug): the streaming pass counts only \r\n, \r and \n as line breaks, while the parser, the text
  // fallback (SourceText) and the SARIF run (newlineSequences) also count U+2028 and U+2029; so in a file
  // over the size limit (or the parse limit) every key after such a separator, in a later window than
  // it, is reported on a line too high (one per separator). Repro: the test below, reported at 90003
  // instead of 90005.
  it('a file over the size limit with U+2028/U+2029 line separators: lines counted as the parser counts them', async () => {
    const root = makeTree({});
    const key = plantedKey('too-large-ls');
    // The separators sit after the first 16 KiB (the head the streaming pass repeats) and before the key's window.
    const text = `const jwt = require('jsonwebtoken');\n${'// row\n'.repeat(10_000)}// a\u2028b\u2029c\n${'// padding padding padding padding\n'.repeat(80_000)}jwt.sign(p, '${key}');\n`;
    expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
    put(root, 'ls-huge.js', text);
    const result = await scanTree(root, { maxFileSize: 2 * 1024 * 1024 });
    const at = positionOf(text, `'${key}'`);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([`${INLINE} ${at.line}:${at.column}`]);
  });

  it('the same minified bundle just under and just over the size limit: the key is reported at the same place', async () => {
    const key = plantedKey('bundle-at-limit');
    const text = `var j=require("jsonwebtoken");${minified(700_000)}var t=j.sign(p,'${key}');${minified(10_000, 3)}`;
    const root = makeTree({ 'b.min.js': text });
    const under = await scanTree(root, { maxFileSize: MAX_FILE_SIZE });
    const over = await scanTree(root, { maxFileSize: 100_000 });
    const where = (r: typeof under) => r.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}-${f.region.end.line}:${f.region.end.column}`);
    expect(where(under)).toHaveLength(1);
    expect(where(over)).toEqual(where(under));
    expect(over.diagnostics.map((d) => d.kind)).toContain('too-large');
  });

  it('empty and shebang-only files: no finding, no diagnostic; a shebang before code does not shift lines', async () => {
    await runCase(emptyAndShebang);
  });

  it('a .d.ts declaration file is parsed as TypeScript and a key declared in it is found', async () => {
    const { result } = await runCase(declarationFile);
    expect(result.diagnostics).toEqual([]);
  });

  it('Flow-annotated .js is parsed (no diagnostic, not the fallback)', async () => {
    const { result } = await runCase(flow);
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.find((f) => f.file === 'flow.js')?.fromFallback).toBe(false);
  });

  it('JSX in .js is parsed (no diagnostic, not the fallback)', async () => {
    const { result } = await runCase(jsxInJs);
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.find((f) => f.file === 'login.js')?.fromFallback).toBe(false);
  });

  // A budget of 0 ms makes every analysed file "pathological": each is stopped and reported, the text
  // fallback still finds its inline key, and the scan goes on to the next file.
  it('a per-file time budget: one pathological file cannot hang the scan (time-budget diagnostic, scan goes on)', async () => {
    const root = makeTree({
      'a.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, 'budget-case-key-Hy6Tg4Rf2Ed0Ws8Qa1Zx');\n`,
      'b.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.verify(t, 'budget-case-key-2-Jk7Lm9Np1Qr3St5Uv');\n`,
    });
    const result = await scanPaths([root], { cwd: root, fileTimeBudgetMs: 0 });
    expect(result.diagnostics.map((d) => `${d.file} ${d.kind}`)).toEqual(['a.js time-budget', 'b.js time-budget']);
    expect(result.findings.filter((f) => f.ruleId === 'jwt-inline-secret').map((f) => `${f.file}:${f.region.start.line} ${f.fromFallback}`)).toEqual(['a.js:2 true', 'b.js:2 true']);
  });
});
