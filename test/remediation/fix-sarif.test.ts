/**
 * SARIF `fixes` come from the fix planner: schema-valid, never a key in inserted content, and
 * applying a result's replacements gives what `jwtscan fix` writes. Results it cannot fix have none.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { SourceText } from '../../src/engine/source-text.js';
import { FIXTURES } from '../helpers/scan-helpers.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';

interface Replacement {
  deletedRegion: { startLine?: number; startColumn?: number; endLine?: number; endColumn?: number; charOffset?: number };
  insertedContent: { text: string };
}
interface SarifFix {
  artifactChanges: { artifactLocation: { uri: string }; replacements: Replacement[] }[];
}
interface SarifLog {
  runs: { results: { ruleId: string; fixes?: SarifFix[] }[] }[];
}

async function run(argv: string[], cwd: string) {
  let stdout = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: () => {}, cwd, env: {}, isTTY: false });
  return { code, stdout };
}

function copy(scenario: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fix-sarif-'));
  fs.cpSync(path.join(FIXTURES, 'fix', scenario), root, { recursive: true });
  return root;
}

/** The file as a SARIF consumer would change it: replacements applied from the last one back. */
function applyReplacements(original: string, replacements: Replacement[]): string {
  const text = new SourceText(original);
  const offset = (line: number, column: number) => text.lineStart(line)! + column - 1;
  const ranges = replacements.map((r) => {
    const d = r.deletedRegion;
    const start = d.charOffset ?? offset(d.startLine!, d.startColumn!);
    const end = d.charOffset ?? offset(d.endLine!, d.endColumn!);
    return { start, end, text: r.insertedContent.text };
  });
  let out = original;
  for (const r of ranges.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  return out;
}

const KEY = /fix-[a-z-]+-\d-[A-Za-z0-9]{20}/g;

describe('SARIF fixes', () => {
  // Scenarios with one variable: every result carries the whole change, so it equals the fix. config-files
  // has three variables (one fix each), so only validity and key-freedom are compared there.
  it.for([
    ['ts-esm-const', true],
    ['js-cjs-inline', true],
    ['nestjs-module', true],
    ['express-jwt', true],
    ['config-files', false],
  ] as const)('%s: valid, key-free, and the same change as jwtscan fix', async ([scenario, sameAsFix]) => {
    const root = copy(scenario);
    const keys = [...new Set(Object.values(fs.readdirSync(root, { recursive: true, encoding: 'utf8' })).flatMap((f) => (fs.statSync(path.join(root, f)).isFile() ? (fs.readFileSync(path.join(root, f), 'utf8').match(KEY) ?? []) : [])))];
    expect(keys.length).toBeGreaterThan(0);
    const { stdout } = await run(['scan', '--format', 'sarif', '--no-cache'], root);
    const log = JSON.parse(stdout) as SarifLog;
    expect(sarifSchemaErrors(log)).toEqual([]);
    for (const key of keys) expect(stdout).not.toContain(key);
    const results = log.runs[0]!.results;
    expect(results.length).toBeGreaterThan(0);
    const originals = new Map<string, string>();
    const expected = new Map<string, string>();
    for (const result of results) {
      expect(result.fixes, result.ruleId).toHaveLength(1);
      for (const change of result.fixes![0]!.artifactChanges) {
        const file = decodeURIComponent(change.artifactLocation.uri);
        const absolute = path.join(root, file);
        const original = originals.get(file) ?? (fs.existsSync(absolute) ? fs.readFileSync(absolute, 'utf8') : '');
        originals.set(file, original);
        expected.set(file, applyReplacements(original, change.replacements));
      }
    }
    if (!sameAsFix) return;
    await run(['fix', '--no-cache'], root);
    for (const [file, text] of expected) expect(fs.readFileSync(path.join(root, file), 'utf8'), file).toBe(text);
  });

  it('results fix cannot fix have no fixes', async () => {
    const root = copy('near-misses/two-keys');
    const log = JSON.parse((await run(['scan', '--format', 'sarif', '--no-cache'], root)).stdout) as SarifLog;
    const results = log.runs[0]!.results;
    expect(results.length).toBe(2);
    for (const result of results) expect(result.fixes).toBeUndefined();
  });

  // Regression: the planner's copy check read every selected file with a blocking read, so a FIFO
  // named like a source file hung `scan --format sarif` and `fix` forever (the scan itself skips it).
  it.skipIf(!hasMkfifo())('a FIFO named like a source file never blocks fix or SARIF fixes', async () => {
    const root = copy('express-jwt');
    const fifo = path.join(root, 'src/pipe.js');
    execFileSync('mkfifo', [fifo]);
    // After 8 s, opens the FIFO for writing again and again, which releases each blocked reader: a bug
    // then shows as slowness, not as a hung worker.
    const unblocker = spawn('sh', ['-c', 'sleep 8; while :; do exec 3>"$0"; exec 3>&-; done', fifo], { stdio: 'ignore', detached: true });
    try {
      const started = Date.now();
      const sarif = JSON.parse((await run(['scan', '--format', 'sarif', '--no-cache'], root)).stdout) as SarifLog;
      expect(sarif.runs[0]!.results[0]!.fixes).toHaveLength(1);
      expect((await run(['fix', '--dry-run', '--no-cache'], root)).stdout).toMatch(/^Would fix 1 key/m);
      expect(Date.now() - started).toBeLessThan(6000);
    } finally {
      process.kill(-unblocker.pid!, 'SIGKILL');
    }
  });
});

function hasMkfifo(): boolean {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
