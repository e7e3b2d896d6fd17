import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImporterIndex, importSpecifiers } from '../../src/test-code/importers.js';

const BASE = path.resolve('/repo');

/** An index over in-memory files: package folders are those named in `packages`. */
function index(files: Record<string, string>, packages: string[] = []) {
  const packageOf = (file: string) => packages.filter((p) => file.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0] ?? '';
  let asked = 0;
  const importers = new ImporterIndex({
    base: BASE,
    files: Object.keys(files),
    packageOf,
    specifiersOf: (file) => {
      asked++;
      // Some answers come at once, some later (a read): both must count.
      const specifiers = importSpecifiers(files[file]!);
      return file.endsWith('.jsx') ? Promise.resolve(specifiers) : specifiers;
    },
  });
  return { importers, asked: () => asked };
}

describe('ImporterIndex', () => {
  const files = {
    'src/auth.ts': "export const key = 'k';",
    'src/lib/index.ts': "export * from './jwt';",
    'src/lib/jwt.ts': "import { key } from '../auth';",
    'src/app.ts': "import { key } from './auth.js'; import * as lib from './lib';",
    'src/other/auth.ts': "export const other = 1;",
    'src/uses-other.ts': "import { other } from './other/auth';",
    'src/slash.jsx': "const lib = require('./lib/'); const q = await import('./auth?raw');",
    'test/auth.test.ts': "import { key } from '../src/auth';",
    'test/dot.test.ts': "import lib from '../src/lib/index.ts';",
    'pkg/b/src/auth.ts': "import { key } from '../../../src/auth';",
    'pkg/b/src/main.ts': "import { x } from './auth';",
  };

  it('finds who imports a file by any spelling: extension, query, index folder, trailing slash, require, dynamic import', async () => {
    const { importers } = index(files, ['pkg/b']);
    expect(await importers.importersOf('src/auth.ts')).toEqual(['src/app.ts', 'src/lib/jwt.ts', 'src/slash.jsx', 'test/auth.test.ts']);
    expect(await importers.importersOf('src/lib/index.ts')).toEqual(['src/app.ts', 'src/slash.jsx', 'test/dot.test.ts']);
    expect(await importers.importersOf('src/lib/jwt.ts')).toEqual(['src/lib/index.ts']);
    // Same stem, other file: resolved, not guessed.
    expect(await importers.importersOf('src/other/auth.ts')).toEqual(['src/uses-other.ts']);
  });

  it('looks only inside the workspace package of the file', async () => {
    const { importers } = index(files, ['pkg/b']);
    // pkg/b/src/auth.ts imports src/auth.ts across the package boundary: not counted.
    expect(await importers.importersOf('src/auth.ts')).not.toContain('pkg/b/src/auth.ts');
    expect(await importers.importersOf('pkg/b/src/auth.ts')).toEqual(['pkg/b/src/main.ts']);
  });

  it("reads each package's specifiers once, however many files ask", async () => {
    const { importers, asked } = index(files, ['pkg/b']);
    await importers.importersOf('src/auth.ts');
    await importers.importersOf('src/lib/jwt.ts');
    expect(asked()).toBe(Object.keys(files).length - 2);
    await importers.importersOf('pkg/b/src/auth.ts');
    expect(asked()).toBe(Object.keys(files).length);
  });
});
