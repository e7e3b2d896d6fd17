import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferReader, IndexFile, type IndexLayout } from '../../src/git/index-file.js';
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

const indexPath = (repo: TestRepo) => path.join(repo.root, '.git/index');
const indexOf = (repo: TestRepo) => IndexFile.open(indexPath(repo));
const fromBytes = (bytes: Buffer, layout?: IndexLayout) => IndexFile.read(bufferReader(bytes), layout);
/** Blocks of 3 entries and reads of 80 bytes: every entry crosses a read, most names a block edge. */
const TINY: IndexLayout = { blockEntries: 3, chunkBytes: 80 };

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
    // A name of 4095 bytes or more declares no length (only its NUL ends it); no file needed.
    const blob = repo.git('hash-object', '-w', path.join(repo.root, 'a.js')).trim();
    repo.git('update-index', '--add', '--cacheinfo', `100644,${blob},${'long/'.repeat(840)}name.js`);
    if (version > 2) {
      repo.write('intent.js', 'later\n');
      repo.git('add', '-N', 'intent.js'); // an entry with extended flags (version 3 and later only)
    }
    repo.git('update-index', '--index-version', String(version));
    const bytes = fs.readFileSync(indexPath(repo));
    expect(bytes.readUInt32BE(4)).toBe(version);
    expectSameAsGit(repo, indexOf(repo));
    for (const blockEntries of [1, 2, 3, 7, 1000]) expectSameAsGit(repo, fromBytes(bytes, { ...TINY, blockEntries }));
  });

  it('reads a SHA-256 repository', () => {
    const repo = populated(['--object-format=sha256']);
    const index = indexOf(repo);
    expect(index?.blobOf('a.js')).toMatch(/^[0-9a-f]{64}$/);
    expectSameAsGit(repo, index);
    expectSameAsGit(repo, fromBytes(fs.readFileSync(indexPath(repo)), TINY));
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
    // c.js has stages 1, 2 and 3: with one entry per block, the lookup lands on a later stage.
    for (const blockEntries of [1, 2]) expectSameAsGit(repo, fromBytes(fs.readFileSync(indexPath(repo)), { ...TINY, blockEntries }));
  });

  it('declines a split index, and bytes that do not add up', () => {
    const repo = populated();
    const whole = fs.readFileSync(indexPath(repo));
    expect(fromBytes(whole)).toBeDefined();
    for (const layout of [undefined, TINY]) {
      expect(fromBytes(whole.subarray(0, whole.length - 30), layout)).toBeUndefined();
      expect(fromBytes(whole.subarray(0, 500), layout)).toBeUndefined();
      expect(fromBytes(Buffer.concat([whole.subarray(0, 200), Buffer.alloc(8), whole.subarray(200)]), layout)).toBeUndefined();
    }
    expect(fromBytes(Buffer.from('not an index at all'))).toBeUndefined();
    expect(IndexFile.open(path.join(repo.root, 'no-such-index'))).toBeUndefined();
    repo.git('update-index', '--split-index');
    expect(indexOf(repo)).toBeUndefined();
  });

  it('answers from the file it opened, after git replaced the index and after close()', () => {
    const repo = populated();
    const index = indexOf(repo)!;
    const before = index.blobOf('lib/keys.ts');
    expect(before).toMatch(/^[0-9a-f]{40}$/);
    repo.write('lib/keys.ts', 'export const changed = 1;\n');
    repo.write('aaa.js', 'shifts every entry\n');
    repo.git('add', '.');
    expect(index.blobOf('packages/p3/src/module-10.ts')).toBe(lsFiles(repo).find((e) => e.name === 'packages/p3/src/module-10.ts')!.blob);
    expect(index.blobOf('aaa.js')).toBeUndefined(); // not in the index it read
    index.close();
    expect(index.blobOf('packages/p4/src/module-11.ts')).toBeUndefined(); // no crash after close
  });
});
