/** No silent pass: paths or globs that select nothing jwtscan reads exit 2 with the reason. */
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../../src/main.js';
import { makeTree } from '../helpers/temp-tree.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false };
  return { code: await main(argv, io), stdout, stderr };
}

const tree = () => makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'build/\n', 'README.md': '# app\n', 'build/bundle.js': 'const a = 1;\n', 'src/app.ts': 'export const a = 1;\n' });

describe('an empty selection', () => {
  it.for([
    [['scan', 'README.md'], 'README.md is not a file type jwtscan reads'],
    [['scan', 'build'], 'every file selected is ignored by .gitignore'],
    [['scan', '--include', 'src/nomatch/**'], "no file matches --include 'src/nomatch/**'"],
    [['scan', '--exclude', 'src/**', 'src'], "every file selected matches --exclude 'src/**'"],
  ] as const)('%j exits 2: %s', async ([argv, reason]) => {
    const { code, stderr, stdout } = await run([...argv], tree());
    expect(code).toBe(2);
    expect(stderr).toContain(`nothing to scan: ${reason}`);
    expect(stdout).toBe('');
  });

  it('a scan without arguments that finds nothing warns on stderr and passes', async () => {
    const root = makeTree({ 'README.md': '# nothing here\n' });
    const { code, stderr } = await run(['scan', '--format', 'json'], root);
    expect(code).toBe(0);
    expect(stderr).toContain('jwtscan: warning: nothing to scan: no file jwtscan reads under .');
  });

  it('a selection with files scans as before', async () => {
    expect((await run(['scan', 'src'], tree())).code).toBe(0);
  });
});
