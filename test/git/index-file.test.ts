import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { IndexFile } from '../../src/git/index-file.js';
import { makeRepo, type TestRepo } from '../helpers/git-repo.js';

/** What git itself lists: every entry's path, stage and blob id. */
function lsFiles(repo: TestRepo): { name: string; stage: string; blob: string }[] {
  return repo
    .git('ls-files', '-s', '-z')
    .split('\0')
    .flatMap((record) => {
      const match = /^\d+ ([0-9a-f]+) (\d)\t(.*)$/s.exec(record);
      return match ? [{ blob: match[1]!, stage: match[2]!, name: match[3]! }] : [];
    });
}

/** The index answers exactly what the listing says, for every name in it, and nothing for others. */
function expectSameAsGit(repo: TestRepo, index: IndexFile | undefined): void {
  expect(index).toBeDefined();
  const listed = lsFiles(repo);
  expect(listed.length).toBeGreaterThan(3);
  for (const { name, stage, blob } of listed) expect(index!.blobOf(name), name).toBe(stage === '0' ? blob : undefined);
  for (const absent of ['', 'zzz.js', 'lib', 'lib/', 'a.j', 'a.jsx', 'packages/p1/src']) expect(index!.blobOf(absent), absent).toBeUndefined();
}

const indexOf = (repo: TestRepo) => IndexFile.parse(fs.readFileSync(path.join(repo.root, '.git/index')));

function populated(initArgs: string[] = []): TestRepo {
  const repo = makeRepo();
  if (initArgs.length > 0) {
    fs.rmSync(path.join(repo.root, '.git'), { recursive: true });
    repo.git('init', '-q', '-b', 'main', ...initArgs);
  }
  const names = ['a.js', 'lib/keys.ts', 'lib/keys.test.ts', 'dir with space/x.js', 'café/ünïcode.tsx', 'new\nline.js', `${'deep/'.repeat(30)}f.js`];
  for (let i = 0; i < 60; i++) names.push(`packages/p${i % 7}/src/module-${i}.ts`);
  names.forEach((name, i) => repo.write(name, `export const v${i} = ${i};\n`));
  repo.git('add', '.');
  fs.symlinkSync('a.js', path.join(repo.root, 'link.js'));
  repo.git('add', 'link.js');
  return repo;
}

describe('IndexFile', () => {
  it.for([2, 3, 4])('reads a version %i index as git ls-files does', (version) => {
    const repo = populated();
    if (version > 2) {
      repo.write('intent.js', 'later\n');
      repo.git('add', '-N', 'intent.js'); // an entry with extended flags (version 3 and later only)
    }
    repo.git('update-index', '--index-version', String(version));
    expect(fs.readFileSync(path.join(repo.root, '.git/index')).readUInt32BE(4)).toBe(version);
    expectSameAsGit(repo, indexOf(repo));
  });

  it('reads a SHA-256 repository', () => {
    const repo = populated(['--object-format=sha256']);
    const index = indexOf(repo);
    expect(index?.blobOf('a.js')).toMatch(/^[0-9a-f]{64}$/);
    expectSameAsGit(repo, index);
  });

  it('has no stage-0 blob for an unmerged path', () => {
    const repo = makeRepo({ 'c.js': 'base\n', 'd.js': 'same\n' });
    repo.git('add', '.');
    repo.git('commit', '-qm', 'base');
    repo.git('checkout', '-qb', 'other');
    repo.write('c.js', 'other\n');
    repo.git('commit', '-qam', 'other');
    repo.git('checkout', '-q', 'main');
    repo.write('c.js', 'main\n');
    repo.git('commit', '-qam', 'main');
    expect(() => repo.git('merge', '-q', 'other')).toThrow(); // the conflict is the point
    const index = indexOf(repo);
    expect(index?.blobOf('c.js')).toBeUndefined();
    expect(index?.blobOf('d.js')).toMatch(/^[0-9a-f]{40}$/);
    expectSameAsGit(repo, index);
  });

  it('declines a split index, and bytes that do not add up', () => {
    const repo = populated();
    const whole = fs.readFileSync(path.join(repo.root, '.git/index'));
    expect(IndexFile.parse(whole)).toBeDefined();
    expect(IndexFile.parse(whole.subarray(0, whole.length - 30))).toBeUndefined();
    expect(IndexFile.parse(Buffer.concat([whole.subarray(0, 200), Buffer.alloc(8), whole.subarray(200)]))).toBeUndefined();
    expect(IndexFile.parse(Buffer.from('not an index at all'))).toBeUndefined();
    repo.git('update-index', '--split-index');
    expect(indexOf(repo)).toBeUndefined();
  });
});
