/**
 * Issue 7, bad input (2/3): bytes and line breaks. Positions are checked in the scan result and in
 * the text, JSON and SARIF reports (runCase → expectReported), so a shifted column fails in any format.
 */
import { describe, expect, it } from 'vitest';
import { formatAll, INLINE, leakedKeys, plantedKey, put, sarifResults, scanTree } from '../helpers/bad-input.js';
import { makeTree } from '../helpers/temp-tree.js';
import { binary, invalidUtf8, lineEndingFile, lineEndings, runCase, utf16, utf8Bom } from '../helpers/bad-input-cases.js';

describe('bad input: encodings and line endings', () => {
  it('a binary file with a .js name: skipped with a binary note, its key never printed, the scan goes on', async () => {
    const { result } = await runCase(binary);
    expect(result.diagnostics.find((d) => d.file === 'image.js')).toMatchObject({ kind: 'binary', level: 'note' });
  });

  it('invalid UTF-8: decoded lossily with an encoding note, parsed, the key at the column an editor shows', async () => {
    const { result } = await runCase(invalidUtf8);
    // Three bad bytes before the key on its line (`\xc3\x28\xff` → U+FFFD ( U+FFFD): the key is at column 43.
    expect(result.findings.find((f) => f.file === 'latin1.js')?.region.start).toEqual({ line: 3, column: 43 });
    expect(result.findings.find((f) => f.file === 'latin1.js')?.fromFallback).toBe(false);
  });

  it('a UTF-8 BOM does not shift columns (line 1)', async () => {
    const { result } = await runCase(utf8Bom);
    expect(result.findings.find((f) => f.file === 'bom.js')?.region.start).toEqual({ line: 1, column: 69 });
    expect(result.diagnostics).toEqual([]);
  });

  it('UTF-16 LE and BE with a BOM are decoded: keys at the right line and column (astral characters count two)', async () => {
    const { result } = await runCase(utf16);
    for (const file of ['utf16le.js', 'utf16be.js']) {
      expect(result.findings.find((f) => f.file === file)?.region.start, file).toEqual({ line: 3, column: 32 });
    }
    expect(result.diagnostics).toEqual([]);
  });

  it('CRLF, lone CR and mixed line breaks: line and column right in text, JSON and SARIF, parsed or through the fallback', async () => {
    const { result, outputs } = await runCase(lineEndings);
    // Spelled out once, independently of positionOf(): line 4 (line 3 is empty or the syntax error),
    // column 35 after `  const t = jwt.sign({ e: '😀' }, ` (the emoji is two UTF-16 code units).
    for (const file of ['crlf.js', 'cr.js', 'crlf-broken.js']) {
      expect(result.findings.find((f) => f.file === file)?.region, file).toMatchObject({ start: { line: 4, column: 35 }, end: { line: 4 } });
    }
    expect(result.findings.find((f) => f.file === 'crlf-broken.js')?.fromFallback).toBe(true);
    expect(result.findings.find((f) => f.file === 'mixed.js')?.region.start).toEqual({ line: 7, column: 15 });
    expect(outputs.text).toMatch(/^crlf\.js:4:35 {2}error {2}jwt-inline-secret /m);
    expect(outputs.text).toMatch(/^crlf-broken\.js:4:35 {2}error {2}jwt-inline-secret /m);
    const sarif = sarifResults(outputs.sarif).find((r) => r.locations[0]!.physicalLocation.artifactLocation.uri === 'cr.js');
    expect(sarif).toMatchObject({ ruleId: INLINE, locations: [{ physicalLocation: { region: { startLine: 4, startColumn: 35, endLine: 4 } } }] });
    // The run says which line breaks its line numbers count.
    expect(JSON.parse(outputs.sarif).runs[0].newlineSequences).toEqual(expect.arrayContaining(['\r\n', '\n', '\r', '\u2028', '\u2029']));
  });

  // Regression (was a bug): the text fallback's region map (src/analysis/text-calls.ts regionMap) ends a `//` comment
  // only at `\n`, so in a file with lone-CR line ends every line after the first line comment is
  // "inside the comment" and no call there is looked at: an unparseable lone-CR file (and a file over
  // the size or parse limit, which only the text pass sees) loses its inline keys.
  // Repro: `const jwt = require('jsonwebtoken');\r// c\rfunction f( {\r  jwt.sign(p, '<key>');\r` → no finding.
  it('lone CR line ends in a file that does not parse: the fallback still finds the key, at the right line and column', async () => {
    const root = makeTree({});
    const key = plantedKey('cr-broken');
    put(root, 'cr-broken.js', lineEndingFile(key, '\r', true));
    const result = await scanTree(root);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['parse-error']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([`${INLINE} 4:35`]);
    const outputs = formatAll(result);
    expect(outputs.text).toMatch(/^cr-broken\.js:4:35 {2}error {2}jwt-inline-secret /m);
    expect(leakedKeys(`${outputs.text}${outputs.json}${outputs.sarif}`, [key])).toEqual([]);
  });
});
