/**
 * Every temporary tree, repository and cache directory the tests make goes under one directory per
 * run (TMPDIR, which os.tmpdir(), git and the CLI's child processes all honour), removed at the end:
 * a test run leaves nothing behind in the machine's temp directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-tests-'));
  // What must outlive a killed run (the fuzzer's note of the batch it was scanning) goes to the real one.
  process.env.JWTSCAN_TEST_OUTER_TMPDIR = os.tmpdir();
  process.env.TMPDIR = runDir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    try {
      fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // a directory a test left unreadable: it stays, under its own name
    }
  };
}
