import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import picomatch from 'picomatch';
import ignore from 'ignore';
import { matchesScannableGlobs, SCANNABLE_GLOBS, walk } from '../../src/files/walk.js';
import { makeTree } from '../helpers/temp-tree.js';

async function list(root: string, options: Partial<Parameters<typeof walk>[0]> = {}) {
  const result = await walk({ base: root, targets: [root], include: [], exclude: [], gitignore: true, ...options });
  return { files: result.files.map((f) => f.relative), diagnostics: result.diagnostics };
}

/** Calls `each` with every folder fs.readdirSync is asked for, before reading it (it may throw instead). */
function beforeEachReaddir(each: (dir: string) => void) {
  const readdirSync = fs.readdirSync;
  return vi.spyOn(fs, 'readdirSync').mockImplementation(((dir: fs.PathLike, options?: unknown) => {
    each(String(dir));
    return (readdirSync as (d: fs.PathLike, o?: unknown) => unknown)(dir, options);
  }) as typeof fs.readdirSync);
}

describe('walk', () => {
  it('filters names exactly as its globs would (fast-glob lists every entry; the name test is ours)', () => {
    const globs = picomatch(SCANNABLE_GLOBS, { dot: true });
    const names = ['a.js', 'A.JS', 'a.Ts', 'x.mts', 'x.d.ts', '.js', 'a.json', 'settings.json', 'settingsX.jsonc', 'secret-prod.json5', '.settings.json', 'appsettings.Development.json',
      'custom-environment-variables.json', 'custom-environment-variables.jsonc', 'a.yml', 'a.YAML', 'pnpm-lock.yaml', '.env', '.env.local', '.env.', 'prod.env', 'env', '.envrc', 'a.env.js',
      'b.json', 'b.jsonc', 'b.json5', 'b.jsonx', 'package.json', 'readme.md', 'x.js.map'];
    const dirs = ['', 'src/', 'config/', 'a/config/', 'a/config/b/', 'Config/', 'a/.config/', 'configs/', 'a/config.d/', '.github/workflows/'];
    for (const dir of dirs) for (const name of names) expect(matchesScannableGlobs(dir + name), dir + name).toBe(globs(dir + name));
  });

  it('notes the package and workspace files it saw, so no folder above a file is probed for one', async () => {
    const root = makeTree({ 'package.json': '{}', 'packages/a/package.json': '{}', 'packages/a/pnpm-workspace.yaml': '', 'packages/a/src/i.ts': '', 'packages/b/src/i.ts': '', 'node_modules/x/package.json': '{}' });
    const walked = await walk({ base: root, targets: [path.join(root, 'packages')], include: [], exclude: [], gitignore: true });
    expect(walked.files.map((f) => f.relative)).toEqual(['packages/a/pnpm-workspace.yaml', 'packages/a/src/i.ts', 'packages/b/src/i.ts']);
    const exists = (relative: string) => walked.markers!.exists(path.join(root, relative));
    expect(exists('packages/a/package.json')).toBe(true);
    expect(exists('packages/a/pnpm-workspace.yaml')).toBe(true);
    expect(exists('packages/a/lerna.json')).toBe(false);
    expect(exists('packages/b/package.json')).toBe(false);
    expect(exists('packages/b/src/package.json')).toBe(false);
    // Above the walked folder, or a name it does not track: unknown, so the caller reads.
    expect(exists('package.json')).toBeUndefined();
    expect(exists('packages/b/tsconfig.json')).toBeUndefined();
    expect(walked.markers!.exists('/elsewhere/package.json')).toBeUndefined();
    // Exclude globs prune the walk of the base: then it cannot tell, and the caller reads.
    const pruned = await walk({ base: root, targets: [root], include: [], exclude: ['packages/a'], gitignore: true });
    expect(pruned.markers!.exists(path.join(root, 'packages/a/package.json'))).toBeUndefined();
    expect(pruned.markers!.exists(path.join(root, 'packages/b/package.json'))).toBeUndefined();
    // The same from base-relative paths, as telling test code apart asks.
    expect(['packages/a/package.json', 'packages/b/package.json', 'package.json', 'packages/b/x.json'].map((f) => walked.markers!.existsRelative(f))).toEqual([true, false, undefined, undefined]);
  });

  it('lists every JS/TS extension, sorted, and nothing else', async () => {
    const exts = ['js', 'jsx', 'mjs', 'cjs', 'ts', 'tsx', 'mts', 'cts'];
    const root = makeTree({ ...Object.fromEntries(exts.map((e) => [`src/f.${e}`, ''])), 'src/readme.md': '', 'src/data.json': '', 'B.js': '', 'a.js': '' });
    expect((await list(root)).files).toEqual(['B.js', 'a.js', ...exts.map((e) => `src/f.${e}`).sort()]);
  });

  it('always skips node_modules and .git, and includes dot-directories', async () => {
    const root = makeTree({ 'node_modules/x/index.js': '', 'pkg/node_modules/y.js': '', '.git/hooks/h.js': '', '.github/scripts/s.js': '' });
    expect((await list(root)).files).toEqual(['.github/scripts/s.js']);
  });

  it('honours .gitignore at every level, with negation and git precedence, and does not read an ignored folder', async () => {
    const root = makeTree({
      '.gitignore': 'dist/\n*.gen.js\n',
      'dist/bundle.js': '',
      'dist/deep/package.json': '{}',
      'src/a.gen.js': '',
      'src/keep.js': '',
      'src/package.json': '{}',
      'src/.gitignore': '!special.gen.js\nlocal/\n',
      'src/special.gen.js': '',
      'src/local/x.js': '',
      'src/locale/y.js': '',
      'dist/.gitignore': '!bundle.js\n',
    });
    const read: string[] = [];
    const spy = beforeEachReaddir((dir) => void read.push(path.relative(root, dir).split(path.sep).join('/')));
    try {
      const walked = await walk({ base: root, targets: [root], include: [], exclude: [], gitignore: true });
      expect(walked.files.map((f) => f.relative)).toEqual(['src/keep.js', 'src/locale/y.js', 'src/special.gen.js']);
      // Git cannot re-include a file below an ignored folder: dist/ and src/local/ are never read.
      expect(read.sort()).toEqual(['', 'src', 'src/locale']);
      // Unread: unknown (the caller reads), not "none there".
      expect(walked.markers!.existsRelative('dist/deep/package.json')).toBeUndefined();
      expect(walked.markers!.existsRelative('src/local/package.json')).toBeUndefined();
      expect(walked.markers!.existsRelative('src/package.json')).toBe(true);
      expect(walked.markers!.existsRelative('src/locale/package.json')).toBe(false);
      read.length = 0;
      expect((await list(root, { gitignore: false })).files).toEqual(['dist/bundle.js', 'src/a.gen.js', 'src/keep.js', 'src/local/x.js', 'src/locale/y.js', 'src/special.gen.js']);
      expect(read.sort()).toEqual(['', 'dist', 'dist/deep', 'src', 'src/local', 'src/locale']);
    } finally {
      spy.mockRestore();
    }
  });

  it('judges a file by its name alone only where every pattern is a name, as node-ignore judges its path', async () => {
    const paths = ['a.js', 'a.log.js', 'x/a.js', 'x/b.js', 'x/y/a.js', 'dist/a.js', 'x/dist/a.js', 'x/dist.js', 'build.js', 'x/build/b.js', 'keep/a.js', 'tmp/x/tmp/a.js', 'y/x/a.js'];
    const gitignores = [
      'a.js\n',
      '*.js\n!b.js\n',
      'dist/\n*.log.js\n',
      'dist\n# comment\n\n!x/dist.js\n',
      '**/tmp\nbuild/\n',
      'x/a.js\n',
      '/a.js\nx/y/\n',
      'x/*\n!x/b.js\n',
      '*\n!*/\n!*.js\nkeep/\n',
    ];
    for (const text of gitignores) {
      const root = makeTree({ ...Object.fromEntries(paths.map((p) => [p, ''])), '.gitignore': text });
      const reference = ignore().add(text);
      expect((await list(root)).files, text).toEqual(paths.filter((p) => !reference.ignores(p)).sort());
    }
  });

  it('applies .gitignore files above a scanned sub-directory', async () => {
    const root = makeTree({ '.gitignore': 'generated/\n', 'app/generated/g.js': '', 'app/main.js': '' });
    const result = await walk({ base: root, targets: [path.join(root, 'app')], include: [], exclude: [], gitignore: true });
    expect(result.files.map((f) => f.relative)).toEqual(['app/main.js']);
  });

  it('filters with --include and --exclude globs relative to the base', async () => {
    const root = makeTree({ 'src/a.ts': '', 'src/a.test.ts': '', 'test/fixtures/f.js': '', 'lib/b.js': '' });
    expect((await list(root, { exclude: ['**/*.test.ts', 'test/fixtures'] })).files).toEqual(['lib/b.js', 'src/a.ts']);
    expect((await list(root, { include: ['src/**'] })).files).toEqual(['src/a.test.ts', 'src/a.ts']);
  });

  it('never follows symbolic links: no loop, no escape from the root, and says so', async () => {
    const outside = makeTree({ 'secret.js': '' });
    const root = makeTree({ 'src/a.js': '' });
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src/loop'));
    fs.symlinkSync(outside, path.join(root, 'outside'));
    fs.symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'linked.js'));
    const result = await list(root);
    expect(result.files).toEqual(['src/a.js']);
    expect(result.diagnostics).toEqual([expect.objectContaining({ kind: 'symlink', file: 'linked.js' })]);
  });

  it('lists with its own readdir walk what fast-glob lists (used when --exclude globs prune the walk)', async () => {
    const root = makeTree({
      'package.json': '{}',
      '.gitignore': 'gen/\n',
      'gen/x.js': '',
      '.hidden/a.ts': '',
      'src/.env': 'X=1',
      'src/config/app.json': '{}',
      'src/deep/er/than/that/m.mjs': '',
      'src/node_modules/dep/i.js': '',
      'node_modules/.bin/x.js': '',
      '.git/hooks/pre-commit.js': '',
      'pkg/.git': 'gitdir: ../.git/worktrees/pkg\n',
      'pkg/package.json': '{}',
      'pkg/i.cts': '',
      'we[ir]d (name)/{a,b}.js': '',
    });
    fs.symlinkSync(path.join(root, 'src'), path.join(root, 'src-link'));
    fs.symlinkSync(path.join(root, 'pkg/i.cts'), path.join(root, 'link.ts'));
    const own = await walk({ base: root, targets: [root], include: [], exclude: [], gitignore: true });
    // An exclude glob that matches nothing: the walk goes through fast-glob, and nothing else changes.
    const globbed = await walk({ base: root, targets: [root], include: [], exclude: ['no-such-folder/**'], gitignore: true });
    expect(own.files.map((f) => f.relative)).toEqual(globbed.files.map((f) => f.relative));
    expect(own.files.map((f) => f.relative)).toEqual(['.hidden/a.ts', 'pkg/i.cts', 'src/.env', 'src/config/app.json', 'src/deep/er/than/that/m.mjs', 'we[ir]d (name)/{a,b}.js']);
    expect(own.diagnostics).toEqual(globbed.diagnostics);
    expect(own.diagnostics).toEqual([expect.objectContaining({ kind: 'symlink', file: 'link.ts' })]);
    expect(own.files.map((f) => f.absolute)).toEqual(globbed.files.map((f) => f.absolute));
    expect(own.markers!.existsRelative('pkg/package.json')).toBe(true);
  });

  it('says which folder it could not read, and walks on, whichever walk lists', async () => {
    const root = makeTree({ 'a/x.js': '', 'locked/y.js': '', 'z.js': '' });
    const spy = beforeEachReaddir((dir) => {
      if (dir.endsWith(`${path.sep}locked`)) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
    });
    try {
      for (const exclude of [[], ['no-such-folder/**']]) {
        const result = await list(root, { exclude });
        expect(result.files).toEqual(['a/x.js', 'z.js']);
        expect(result.diagnostics).toEqual([{ kind: 'unreadable', level: 'warning', file: 'locked', message: 'directory could not be read (EACCES)' }]);
      }
    } finally {
      spy.mockRestore();
    }
  });

  it('reads directory names as names, not glob syntax', async () => {
    const root = makeTree({ 'plus+(x)/a.js': '', '@(y)/b.ts': '', 'app/[id]/(group)/c.tsx': '', '!(z)/d.js': '' });
    for (const dir of ['plus+(x)', '@(y)', 'app/[id]/(group)', '!(z)']) {
      const result = await walk({ base: root, targets: [path.join(root, dir)], include: [], exclude: [], gitignore: true });
      expect(result.files.map((f) => f.relative), dir).toHaveLength(1);
    }
  });

  it('scans an explicitly named file even when .gitignore lists it', async () => {
    const root = makeTree({ '.gitignore': 'ignored.js\n', 'ignored.js': '' });
    const result = await walk({ base: root, targets: [path.join(root, 'ignored.js')], include: [], exclude: [], gitignore: true });
    expect(result.files.map((f) => f.relative)).toEqual(['ignored.js']);
  });
});
