/**
 * Issue 7, "Done when": a scan of a tree containing all the bad-input cases at once finishes, reports
 * every planted key that a file can carry, produces valid SARIF, prints no key, and is deterministic.
 * Runs the CLI in-process (main() with an in-memory Io), as CI would run it.
 *
 * Left out, each with its own test: the file that vanishes or changes during the scan (needs a
 * FileSource hook, bad-input-fs.test.ts), and mode 000
 * when running as root (root reads anything).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/main.js';
import { toUriReference } from '../../src/reporters/sarif.js';
import { describe_, leakedKeys, sarifFindings } from '../helpers/bad-input.js';
import { allCases, MAX_FILE_SIZE, unblockFifo, type Built } from '../helpers/bad-input-cases.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';
import { makeTree } from '../helpers/temp-tree.js';

async function cli(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  const run = main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false });
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('the scan hung')), 20_000)));
  try {
    return { code: await Promise.race([run, hung]), stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

interface SarifNotification {
  descriptor: { id: string };
  locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
}

describe('bad input: a tree containing all the cases at once', () => {
  it('finishes, exits 1, reports every key a file can carry, valid SARIF, no key anywhere, byte-identical twice', async () => {
    const root = makeTree({});
    const cases = allCases(2_000);
    const built: Built[] = cases.map((c) => {
      fs.mkdirSync(path.join(root, c.id));
      return c.build(root, `${c.id}/`);
    });
    const keys = built.flatMap((b) => b.keys);
    const expected = built.flatMap((b) => b.expected).map(describe_).sort();
    // The list the issue asks for: every planted key that a file can carry, by rule, path and position.
    expect(expected.length).toBeGreaterThanOrEqual(30);
    expect(keys.length).toBeGreaterThan(expected.length); // binary, out-of-root and (non-root) mode-000 keys too

    const out = makeTree({});
    const argv = (file: string) => ['scan', '--format', 'sarif', '-o', path.join(out, file), '--max-file-size', String(MAX_FILE_SIZE)];
    try {
      const first = await cli(argv('first.sarif'), root);
      const second = await cli(argv('second.sarif'), root);

      expect(first.code, first.stderr).toBe(1);
      expect(second.code).toBe(1);
      expect(first.stdout).toBe('');
      const sarifText = fs.readFileSync(path.join(out, 'first.sarif'), 'utf8');
      const log = JSON.parse(sarifText);
      expect(sarifSchemaErrors(log)).toEqual([]);

      // Every planted key that a file can carry, at its rule, path, line and column; nothing else.
      expect(sarifFindings(sarifText).sort()).toEqual(expected);

      // The bad inputs are diagnosed, each with its kind, in the SARIF run's notifications.
      const notifications = (log.runs[0].invocations[0].toolExecutionNotifications as SarifNotification[]).map(
        (n) => `${n.descriptor.id} ${n.locations[0]?.physicalLocation.artifactLocation.uri ?? ''}`,
      );
      for (const d of built.flatMap((b) => b.diagnostics)) {
        const found = d.kinds.some((kind) => notifications.includes(`${kind} ${toUriReference(d.file)}`));
        expect(found, `${d.kinds.join('|')} for ${d.file}`).toBe(true);
      }

      expect(leakedKeys([first.stdout, first.stderr, second.stdout, second.stderr, sarifText].join('\n'), keys)).toEqual([]);
      expect(fs.readFileSync(path.join(out, 'second.sarif'), 'utf8')).toBe(sarifText);
      expect(fs.readdirSync(out).sort()).toEqual(['first.sarif', 'second.sarif']); // no temp files left behind
    } finally {
      unblockFifo(path.join(root, 'fifo/pipe.js'));
      if (fs.existsSync(path.join(root, 'permission-denied/locked-dir'))) fs.chmodSync(path.join(root, 'permission-denied/locked-dir'), 0o755);
    }
  });
});
