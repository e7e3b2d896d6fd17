/**
 * Shared pieces of the bad-input hardening suite (test/hardening/): planted keys, file builders,
 * the real scan over a temp tree, the three report formats, and the checks every case makes:
 * the planted key is reported (rule, path, line, column) in text, JSON and SARIF, the expected
 * diagnostics are there, and no planted key (not even a run of it) appears in any output.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { REPORTERS } from '../../src/reporters/index.js';
import { toUriReference } from '../../src/reporters/sarif.js';
import { safeForTerminal } from '../../src/reporters/text.js';
import type { DiagnosticKind } from '../../src/rule.js';
import type { ScanOptions, ScanResult } from '../../src/scan.js';
import { reportContext, scanPaths } from './scan-helpers.js';

export const INLINE = 'jwt-inline-secret';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The random-looking tail of a planted key: deterministic per id, so failures reproduce. */
function tailOf(id: string): string {
  const digest = createHash('sha256').update(`jwtscan-bad-input:${id}`).digest();
  return [...digest.subarray(0, 28)].map((b) => BASE62[b % 62]).join('');
}

/** A long, random-looking key: only jwt-inline-secret fires on it (never the weak-key rules). */
export function plantedKey(id: string): string {
  return `bi-${id.replace(/[^A-Za-z0-9]/g, '')}-${tailOf(id)}`;
}

/** Substrings that identify a planted key: the key, every 10-character run of its random tail, every 16-character run of it. */
function keyPieces(key: string): string[] {
  const tail = key.slice(key.lastIndexOf('-') + 1);
  const runs: string[] = [];
  for (let i = 0; i + 10 <= tail.length; i++) runs.push(tail.slice(i, i + 10));
  for (let i = 0; i + 16 <= key.length; i++) runs.push(key.slice(i, i + 16));
  return [key, ...runs];
}

/** The planted keys any piece of which occurs in `text`. */
export function leakedKeys(text: string, keys: readonly string[]): string[] {
  return keys.filter((key) => keyPieces(key).some((piece) => text.includes(piece)));
}

/** Two lines: the key's quote is at line 2, column 32. */
export function leakSource(key: string, newline = '\n'): string {
  return `const jwt = require('jsonwebtoken');${newline}exports.t = (p) => jwt.sign(p, '${key}');${newline}`;
}
export const LEAK_AT = { line: 2, column: 32 } as const;

/** 1-based line and column (UTF-16 code units, every line break Babel knows) of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`not in the text: ${needle}`);
  const before = text.slice(0, offset);
  const breaks = [...before.matchAll(/\r\n|[\n\r\u2028\u2029]/g)];
  const last = breaks.at(-1);
  const lineStart = last ? last.index + last[0].length : 0;
  return { line: breaks.length + 1, column: offset - lineStart + 1 };
}

export function put(root: string, relative: string, content: string | Buffer): string {
  const absolute = path.join(root, relative);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, content);
  return absolute;
}

export interface Expected {
  file: string;
  line: number;
  column: number;
  ruleId?: string;
}

/** The real scan (walker, reader, prefilter, parser, all rules) with the temp tree as cwd and target. */
export function scanTree(root: string, overrides: Partial<ScanOptions> = {}): Promise<ScanResult> {
  return scanPaths(['.'], { cwd: root, ...overrides });
}

export interface Outputs {
  text: string;
  json: string;
  sarif: string;
}

export function formatAll(result: ScanResult): Outputs {
  return {
    text: REPORTERS.text.format(result, reportContext()),
    json: REPORTERS.json.format(result, reportContext()),
    sarif: REPORTERS.sarif.format(result, reportContext()),
  };
}

interface JsonFinding {
  ruleId: string;
  path: string;
  line: number;
  column: number;
}
interface SarifResult {
  ruleId: string;
  locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
}

export function sarifResults(sarif: string): SarifResult[] {
  return (JSON.parse(sarif) as { runs: { results: SarifResult[] }[] }).runs[0]!.results;
}

/** `rule path:line:col` of every SARIF result (paths decoded back from the URI). */
export function sarifFindings(sarif: string): string[] {
  return sarifResults(sarif).map((r) => {
    const loc = r.locations[0]!.physicalLocation;
    return `${r.ruleId} ${decodeURIComponent(loc.artifactLocation.uri)}:${loc.region.startLine}:${loc.region.startColumn}`;
  });
}

export function sarifNotificationIds(sarif: string): string[] {
  const log = JSON.parse(sarif) as { runs: { invocations: { toolExecutionNotifications: { descriptor: { id: string } }[] }[] }[] };
  return log.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.descriptor.id);
}

export function describe_(e: Expected): string {
  return `${e.ruleId ?? INLINE} ${e.file}:${e.line}:${e.column}`;
}

/** Each expected finding is in the scan result and in the text, JSON and SARIF reports, at the same place. */
export function expectReported(result: ScanResult, outputs: Outputs, expected: readonly Expected[]): void {
  const inResult = result.findings.map((f) => `${f.ruleId} ${f.file}:${f.region.start.line}:${f.region.start.column}`);
  const json = (JSON.parse(outputs.json) as { findings: JsonFinding[] }).findings.map((f) => `${f.ruleId} ${f.path}:${f.line}:${f.column}`);
  const sarif = sarifResults(outputs.sarif).map((r) => {
    const loc = r.locations[0]!.physicalLocation;
    return `${r.ruleId} ${loc.artifactLocation.uri}:${loc.region.startLine}:${loc.region.startColumn}`;
  });
  for (const e of expected) {
    const want = describe_(e);
    expect(inResult, 'scan result').toContain(want);
    expect(json, 'JSON report').toContain(want);
    expect(sarif, 'SARIF report').toContain(`${e.ruleId ?? INLINE} ${toUriReference(e.file)}:${e.line}:${e.column}`);
    const where = `${safeForTerminal(e.file)}:${e.line}:${e.column}  `;
    const textLines = outputs.text.split('\n').filter((l) => l.startsWith(where) && l.includes(`  ${e.ruleId ?? INLINE}  `));
    expect(textLines, `text report: ${where}`).toHaveLength(1);
  }
}

/** The findings of one file, as `rule line:col`. */
export function findingsIn(result: ScanResult, file: string): string[] {
  return result.findings.filter((f) => f.file === file).map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`);
}

/** The diagnostic kinds reported for one file. */
export function diagnosticKinds(result: ScanResult, file: string): DiagnosticKind[] {
  return result.diagnostics.filter((d) => d.file === file).map((d) => d.kind);
}

/** No piece of any planted key in any output format (text, coloured text, JSON, SARIF). */
export function expectNoKeyInOutputs(result: ScanResult, keys: readonly string[]): Outputs {
  const outputs = formatAll(result);
  const coloured = REPORTERS.text.format(result, reportContext({ color: true }));
  expect(leakedKeys([outputs.text, coloured, outputs.json, outputs.sarif].join('\n'), keys)).toEqual([]);
  return outputs;
}

/** A file every per-case tree also holds, scanned after the bad input: its finding proves the scan went on. */
export const WITNESS_FILE = 'zz-witness.js';

export function plantWitness(root: string, caseId: string): { key: string; expected: Expected } {
  const key = plantedKey(`witness-${caseId}`);
  put(root, WITNESS_FILE, leakSource(key));
  return { key, expected: { file: WITNESS_FILE, ...LEAK_AT } };
}
