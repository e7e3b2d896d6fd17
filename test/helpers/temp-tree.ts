import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a throw-away directory tree: `{ 'a/b.js': 'text' | Buffer }`. Returns its absolute root. */
export function makeTree(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const absolute = path.join(root, relative);
    fs.mkdirSync(path.dirname(absolute), { recursive: true });
    fs.writeFileSync(absolute, content);
  }
  return root;
}
