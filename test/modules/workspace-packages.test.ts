/** Workspace packages by name: npm/yarn workspaces, pnpm-workspace.yaml, lerna.json and Rush's rush.json. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkspaceIndex } from '../../src/modules/workspace-packages.js';
import { makeTree } from '../helpers/temp-tree.js';

const pkg = (name: string, extra: object = {}) => JSON.stringify({ name, ...extra });

describe('WorkspaceIndex', () => {
  it.for([
    ['npm workspaces', { 'package.json': JSON.stringify({ workspaces: ['packages/*'] }) }],
    ['pnpm-workspace.yaml', { 'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n" }],
    ['lerna.json', { 'lerna.json': JSON.stringify({ packages: ['packages/*'] }) }],
    ['rush.json (JSON with comments)', { 'rush.json': '/* rush */ { "projects": [ { "packageName": "@acme/auth", "projectFolder": "packages/auth" }, ], }' }],
  ] as const)('%s: a package name maps to its sources, a build entry back to src/', ([, root]) => {
    const base = makeTree({ ...root, 'packages/auth/package.json': pkg('@acme/auth', { main: 'dist/index.js', exports: { './keys': './dist/keys.js' } }), 'packages/auth/src/index.ts': '' });
    const index = new WorkspaceIndex(base);
    const from = path.join(base, 'apps/api/src');
    const candidates = index.candidates(from, '@acme/auth').map((c) => path.relative(base, c));
    expect(candidates[0]).toBe(path.join('packages/auth/src/index'));
    expect(index.candidates(from, '@acme/auth/keys').map((c) => path.relative(base, c))[0]).toBe(path.join('packages/auth/src/keys'));
    expect(index.candidates(from, 'jsonwebtoken')).toEqual([]);
    expect(index.filesFor(from, '@acme/auth').map((f) => path.relative(base, f))).toContain(path.join('packages/auth/package.json'));
  });

  it('knows no packages outside a workspace', () => {
    const base = makeTree({ 'package.json': pkg('single'), 'src/a.ts': '' });
    expect(new WorkspaceIndex(base).candidates(path.join(base, 'src'), 'single')).toEqual([]);
  });
});
