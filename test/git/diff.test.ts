import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLEAN, findingsOf, leak, makeRepo } from '../helpers/git-repo.js';
import { sarifSchemaErrors } from '../helpers/sarif-validator.js';

const key = (n: number) => `Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuOld${String(n).padStart(2, '0')}`;
const NEW_KEY = 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuNew1';

/** main with ten old leaks; the branch `feature` adds one leak in a changed file. */
function branchWithOneNewLeak() {
  const files = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`src/old${i}.js`, leak(key(i))]));
  const repo = makeRepo({ ...files, 'src/app.js': CLEAN });
  repo.git('add', '.');
  repo.git('commit', '-qm', 'ten old leaks');
  repo.git('checkout', '-qb', 'feature');
  repo.write('src/app.js', `${CLEAN}exports.legacy = (p) => jwt.sign(p, '${NEW_KEY}');\n`);
  repo.git('commit', '-qam', 'one new leak');
  return repo;
}

describe('scan --diff <base-ref>', () => {
  it('reports exactly the one leak the branch adds, in every format, with exit code 1', async () => {
    const repo = branchWithOneNewLeak();
    const json = await repo.jwtscan(['scan', '--diff', 'main', '--format', 'json']);
    expect(json.code).toBe(1);
    expect(findingsOf(json.stdout)).toEqual(['src/app.js:3 jwt-inline-secret']);
    expect(findingsOf((await repo.jwtscan(['scan', '--format', 'json'])).stdout)).toHaveLength(11);

    const text = await repo.jwtscan(['scan', '--diff', 'main']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('1 finding (1 error) in 11 files scanned.');
    expect(text.stderr).toBe('');

    const sarif = JSON.parse((await repo.jwtscan(['scan', '--diff', 'main', '--format', 'sarif'])).stdout);
    expect(sarif.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(['src/app.js']);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
  });

  it('exits 0 when the branch adds no leak, and compares with the merge base, not the tip of the base branch', async () => {
    const repo = branchWithOneNewLeak();
    repo.git('checkout', '-q', 'main');
    repo.write('src/late.js', leak(NEW_KEY)); // on main after the branch point: not the branch's doing
    repo.git('add', '.');
    repo.git('commit', '-qm', 'main moves on');
    repo.git('checkout', '-qb', 'clean-feature', 'main~1');
    repo.write('src/app.js', `${CLEAN}// harmless\n`);
    repo.git('commit', '-qam', 'harmless');
    expect(await repo.jwtscan(['scan', '--diff', 'main', '--format', 'json'])).toMatchObject({ code: 0 });
    expect(findingsOf((await repo.jwtscan(['scan', '--diff', 'main', '--format', 'json'])).stdout)).toEqual([]);
  });

  it('counts a new call that uses an old key (a related line), uncommitted edits and untracked files; not a pure rename', async () => {
    const repo = makeRepo({ 'keys.js': `const jwt = require('jsonwebtoken');\nconst KEY = '${NEW_KEY}';\n\nexports.a = (p) => p;\n`, 'moved.js': leak(key(1)) });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.git('checkout', '-qb', 'feature');
    repo.git('mv', 'moved.js', 'renamed.js');
    repo.git('commit', '-qm', 'rename only');
    repo.write('keys.js', `const jwt = require('jsonwebtoken');\nconst KEY = '${NEW_KEY}';\n\nexports.a = (p) => jwt.sign(p, KEY);\n`); // uncommitted
    repo.write('untracked.ts', leak(key(2)));
    const { stdout } = await repo.jwtscan(['scan', '--diff', 'main', '--format', 'json']);
    expect(findingsOf(stdout)).toEqual(['keys.js:2 jwt-hardcoded-secret', 'untracked.ts:2 jwt-inline-secret']);
    // With --staged only the index counts: the uncommitted and untracked changes are not staged.
    repo.git('add', 'keys.js');
    expect(findingsOf((await repo.jwtscan(['scan', '--staged', '--diff', 'main', '--format', 'json'])).stdout)).toEqual(['keys.js:2 jwt-hardcoded-secret']);
  });

  it('works with --baseline: the baseline hides known findings first, stale entries are judged on the whole scan', async () => {
    const repo = branchWithOneNewLeak();
    repo.git('checkout', '-q', 'main');
    const baseline = path.join(repo.root, '.jwtscan-baseline.json');
    expect((await repo.jwtscan(['baseline', '-o', baseline])).code).toBe(0);
    repo.git('checkout', '-q', 'feature');
    // The branch also moves an old leak down (its lines change, its fingerprint does not).
    repo.write('src/old3.js', `// moved\n\n${leak(key(3))}`);
    const json = JSON.parse((await repo.jwtscan(['scan', '--diff', 'main', '--baseline', baseline, '--format', 'json'])).stdout);
    expect(json.findings.map((f: { path: string }) => f.path)).toEqual(['src/app.js']);
    expect(json.summary.baseline).toEqual({ hidden: 10, stale: [], swapped: [] });
    fs.rmSync(path.join(repo.root, 'src/app.js'));
    const clean = await repo.jwtscan(['scan', '--diff', 'main', '--baseline', baseline]);
    expect(clean.code).toBe(0);
  });

  it('exits 2 with one line for an unknown ref, an option-like ref, or outside a repository', async () => {
    const repo = branchWithOneNewLeak();
    for (const ref of ['no-such-branch', '--output=x']) {
      const { code, stderr } = await repo.jwtscan(['scan', `--diff=${ref}`]);
      expect(code, ref).toBe(2);
      expect(stderr.trim().split('\n'), ref).toHaveLength(1);
      expect(stderr).toMatch(/^jwtscan: --diff: /);
    }
    const orphan = await repo.jwtscan(['scan', '--diff', 'main'], { cwd: fs.mkdtempSync(path.join(path.dirname(repo.root), 'jwtscan-nogit-')) });
    expect(orphan.code).toBe(2);
    expect(orphan.stderr).toMatch(/^jwtscan: --diff needs a git repository/);
  });
});
