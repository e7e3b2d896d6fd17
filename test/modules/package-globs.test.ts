import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageManifests } from '../../src/modules/package-globs.js';
import { makeTree } from '../helpers/temp-tree.js';

const pkg = (name: string) => JSON.stringify({ name });

describe('workspace package globs', () => {
  const root = makeTree({
    'packages/auth/package.json': pkg('@acme/auth'),
    'packages/legacy/package.json': pkg('@acme/legacy'),
    'packages/notes/README.md': 'no package here',
    'apps/web/package.json': pkg('web'),
    'apps/group/api/package.json': pkg('api'),
    'apps/group/node_modules/dep/package.json': pkg('dep'),
    'tools/x/package.json': pkg('x'),
  });
  const rel = (files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('expands * and ** to folders with a package.json, skipping node_modules', () => {
    expect(rel(packageManifests(root, ['packages/*'], 100))).toEqual(['packages/auth/package.json', 'packages/legacy/package.json']);
    expect(rel(packageManifests(root, ['apps/**'], 100))).toEqual(['apps/group/api/package.json', 'apps/web/package.json']);
    expect(rel(packageManifests(root, ['./tools/x/'], 100))).toEqual(['tools/x/package.json']);
  });

  it('leaves out negated patterns and stops at the limit', () => {
    expect(rel(packageManifests(root, ['packages/*', '!packages/legacy'], 100))).toEqual(['packages/auth/package.json']);
    expect(packageManifests(root, ['packages/*', 'apps/**'], 1)).toHaveLength(1);
  });
});
