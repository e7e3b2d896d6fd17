/**
 * Links by property path: the keys a path is matched by, and in a scan, that a test's config linked
 * to production code by a name match stays a note.
 */
import { describe, expect, it } from 'vitest';
import { pathKeys } from '../../src/analysis/property-paths.js';
import { isKeyName } from '../../rules/jwt-secret-by-name.js';
import { makeTree } from '../helpers/temp-tree.js';
import { scanPaths } from '../helpers/scan-helpers.js';

describe('pathKeys', () => {
  it('matches on the last two properties, or on one that names a JWT key', () => {
    expect(pathKeys(['config', 'http', 'jwtSecret'], isKeyName)).toEqual(['http.jwtSecret', 'jwtSecret']);
    expect(pathKeys(['auth', 'secret'], isKeyName)).toEqual(['auth.secret']);
    expect(pathKeys(['secret'], isKeyName)).toEqual([]);
    expect(pathKeys(['jwtSecret'], isKeyName)).toEqual(['jwtSecret']);
  });
});

describe('links by property path in a scan', () => {
  const KEY = 'property-path-key-Lk8mNb3VcX7zQw2ErT';
  const files = (writer: string) =>
    makeTree({
      'src/auth.ts': "import jwt from 'jsonwebtoken';\nimport { load } from './load';\nconst config = load();\nexport const sign = (s: string) => jwt.sign({ s }, config.auth.secret);\n",
      'src/load.ts': 'export const load = (): any => JSON.parse(process.env.CONFIG ?? "{}");\n',
      // (a file is analysed when it holds a JWT keyword: "JWT" in the comment)
      [writer]: `// JWT and cookie settings\nexport const defaults = { auth: { secret: '${KEY}' }, cookie: { secret: '${KEY}x' } };\n`,
    });

  it('reports the literal written at the read path, says so, and not the one at another path', async () => {
    const root = files('src/defaults.ts');
    const result = await scanPaths([root], { cwd: root });
    const found = result.findings.filter((f) => f.file === 'src/defaults.ts');
    expect(found).toHaveLength(1);
    expect(found[0]!.messageId).toBe('literalViaPropertyPath');
    expect(found[0]!.level).toBe('error');
    expect(found[0]!.message).toContain('linked by property path');
    expect(JSON.stringify(result)).not.toContain(KEY);
  });

  it('keeps a test config linked to production code by name at note level', async () => {
    const root = files('test/fixtures/defaults.ts');
    const result = await scanPaths([root], { cwd: root });
    const found = result.findings.filter((f) => f.file === 'test/fixtures/defaults.ts');
    expect(found.map((f) => f.level)).toEqual(['note']);
  });
});
