/**
 * Issue 7, bad input (3/3): the file system. Names, links, entries that are not files, files that
 * vanish or change between listing and reading, deep and wide trees.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workingTreeSource, type FileSource } from '../../src/files/file-source.js';
import { walk } from '../../src/files/walk.js';
import type { ScanOptions } from '../../src/scan.js';
import {
  diagnosticKinds,
  expectNoKeyInOutputs,
  expectReported,
  INLINE,
  LEAK_AT,
  leakSource,
  plantedKey,
  plantWitness,
  put,
  sarifResults,
  scanTree,
} from '../helpers/bad-input.js';
import {
  deepTree,
  fileNames,
  hasMkfifo,
  IS_ROOT,
  manyFiles,
  minified,
  NASTY_NAMES,
  oddEntries,
  permissionDenied,
  runCase,
  symlinks,
  unblockFifo,
} from '../helpers/bad-input-cases.js';
import { makeTree } from '../helpers/temp-tree.js';

/** Fails instead of hanging, and unblocks any reader left waiting on the FIFO. */
async function withinSeconds<T>(seconds: number, fifo: string, run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([run(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${seconds} s`)), seconds * 1000)))]);
  } finally {
    clearTimeout(timer);
    unblockFifo(fifo);
  }
}

describe('bad input: the file system', () => {
  it('file names with spaces, unicode, a newline, a tab, # % ?: found, paths exact, SARIF URIs encoded, newline escaped in text', async () => {
    const { outputs } = await runCase(fileNames);
    const uris = sarifResults(outputs.sarif).map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    expect(uris).toContain('new%0Aline.js');
    expect(uris).toContain('%23hash%2520percent%3F.js');
    expect(outputs.text).toContain('new\\x0aline.js:2:32');
    expect(outputs.text.split('\n').filter((l) => l === 'line.js:2:32' || l.startsWith('line.js:'))).toEqual([]);
    expect(NASTY_NAMES).toHaveLength(5);
  });

  it('symbolic links: a loop and links out of the root are not followed (notes for source-named links), the tree inside is scanned', async () => {
    const { result } = await runCase(symlinks);
    expect(result.stats.filesListed).toBe(2); // src/real.js and the witness
    expect(diagnosticKinds(result, 'linked.js')).toEqual(['symlink']);
  });

  it('a symbolic link named as the only target is reported, not followed', async () => {
    const outside = makeTree({ 'key.js': leakSource(plantedKey('symlink-target')) });
    const root = makeTree({});
    fs.symlinkSync(path.join(outside, 'key.js'), path.join(root, 'link.js'));
    const result = await scanTree(root, { paths: ['link.js'] });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((d) => `${d.kind} ${d.file}`)).toEqual(['symlink link.js']);
    expectNoKeyInOutputs(result, [plantedKey('symlink-target')]);
  });

  it('a directory named like a source file is walked into, never read as a file; an empty one is harmless', async () => {
    const { result } = await runCase(oddEntries);
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.find((f) => f.file === 'x.js/inner.js')?.fromFallback).toBe(false);
    expect(diagnosticKinds(result, 'empty.ts')).toEqual([]);
  });

  it.skipIf(!hasMkfifo())('a FIFO named like a source file (in a directory and as the target) never blocks the scan', async () => {
    const root = makeTree({});
    const witness = plantWitness(root, 'fifo');
    const fifo = path.join(root, 'pipe.js');
    execFileSync('mkfifo', [fifo]);
    const walked = await withinSeconds(10, fifo, () => scanTree(root));
    expectReported(walked, expectNoKeyInOutputs(walked, [witness.key]), [witness.expected]);
    expect(walked.findings.map((f) => f.file)).toEqual([witness.expected.file]);
    const named = await withinSeconds(10, fifo, () => scanTree(root, { paths: ['pipe.js', witness.expected.file] }));
    expect(named.findings.map((f) => f.file)).toEqual([witness.expected.file]);
  });

  // Regression (was a bug): a FIFO (or socket, device) with a source name is dropped silently, in a walked directory
  // and when named on the command line: no diagnostic, so a user cannot tell it was not scanned
  // (`jwtscan scan pipe.js` says "No JWT key findings (0 files scanned)" and exits 0). readSourceSync()
  // already has an `unreadable` "not a regular file" diagnostic; the walker never lets such an entry reach it.
  // Repro: mkfifo pipe.js && jwtscan scan . --format json → diagnostics: [].
  it.skipIf(!hasMkfifo())('a FIFO named like a source file is reported as unreadable (not silently skipped)', async () => {
    const root = makeTree({});
    const fifo = path.join(root, 'pipe.js');
    execFileSync('mkfifo', [fifo]);
    const walked = await withinSeconds(10, fifo, () => scanTree(root));
    expect(diagnosticKinds(walked, 'pipe.js')).toEqual(['unreadable']);
    const named = await withinSeconds(10, fifo, () => scanTree(root, { paths: ['pipe.js'] }));
    expect(diagnosticKinds(named, 'pipe.js')).toEqual(['unreadable']);
  });

  // Root reads any file whatever its mode, so the case means nothing there.
  it.skipIf(IS_ROOT)('a file and a directory with mode 000: unreadable diagnostics, the scan goes on', async () => {
    const run = await runCase(permissionDenied);
    expect(run.result.diagnostics.find((d) => d.file === 'locked.js')?.message).toMatch(/EACCES/);
    fs.chmodSync(path.join(run.root, 'locked-dir'), 0o755);
  });

  it('a directory tree 200 levels deep: the key at the bottom is found', async () => {
    const { result } = await runCase(deepTree);
    expect(result.findings[0]!.file.split('/')).toHaveLength(201);
  });

  it('20,000 files in one directory: the one key among them is found, quickly', async () => {
    const started = performance.now();
    const { result } = await runCase(manyFiles(20_000));
    expect(result.stats.filesListed).toBe(20_001);
    expect(result.stats.filesParsed).toBeGreaterThanOrEqual(400); // every 50th file passes the keyword check
    expect(performance.now() - started).toBeLessThan(25_000);
  });
});

describe('bad input: files that vanish or change between listing and reading', () => {
  /** The working-tree source, with `mutate` run on a file just before the scan reads it. */
  function mutatingSource(mutate: Record<string, (absolute: string) => void>): NonNullable<ScanOptions['source']> {
    return (base, targets) => {
      const inner: FileSource = workingTreeSource(() => walk({ base, targets, include: [], exclude: [], gitignore: true }));
      return {
        ...inner,
        read: (file, maxFileSize) => {
          mutate[file.relative]?.(file.absolute);
          return inner.read(file, maxFileSize);
        },
      };
    };
  }

  it('vanished, replaced by a directory, grown over the size limit, emptied, rewritten: each reported or scanned as it is now, the scan goes on', async () => {
    const root = makeTree({});
    const keys = {
      vanished: plantedKey('vanished'),
      dir: plantedKey('became-directory'),
      grown: plantedKey('grown'),
      emptied: plantedKey('emptied'),
      before: plantedKey('rewritten-before'),
      after: plantedKey('rewritten-after'),
    };
    put(root, 'a-vanished.js', leakSource(keys.vanished));
    put(root, 'b-became-dir.js', leakSource(keys.dir));
    put(root, 'c-grown.js', leakSource(keys.grown));
    put(root, 'd-emptied.js', leakSource(keys.emptied));
    put(root, 'e-rewritten.js', leakSource(keys.before));
    const witness = plantWitness(root, 'vanish');
    const source = mutatingSource({
      'a-vanished.js': (file) => fs.rmSync(file),
      'b-became-dir.js': (file) => {
        fs.rmSync(file);
        fs.mkdirSync(file);
      },
      'c-grown.js': (file) => fs.appendFileSync(file, `// ${minified(200_000)}\n`),
      'd-emptied.js': (file) => fs.truncateSync(file, 0),
      'e-rewritten.js': (file) => fs.writeFileSync(file, `// rewritten\n${leakSource(keys.after)}`),
    });
    const result = await scanTree(root, { maxFileSize: 100_000, source });
    const outputs = expectNoKeyInOutputs(result, [...Object.values(keys), witness.key]);
    expect(result.diagnostics.find((d) => d.file === 'a-vanished.js')).toMatchObject({ kind: 'unreadable', message: 'vanished during the scan' });
    expect(diagnosticKinds(result, 'b-became-dir.js')).toEqual(['unreadable']);
    expect(diagnosticKinds(result, 'c-grown.js')).toEqual(['too-large']);
    expect(diagnosticKinds(result, 'd-emptied.js')).toEqual([]);
    const expected = [
      { file: 'c-grown.js', ruleId: INLINE, ...LEAK_AT },
      { file: 'e-rewritten.js', ruleId: INLINE, line: 3, column: 32 },
      witness.expected,
    ];
    expectReported(result, outputs, expected);
    expect(result.findings.map((f) => f.file)).toEqual(['c-grown.js', 'e-rewritten.js', 'zz-witness.js']);
  });
});
