import type { File } from '@babel/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { programPath, type NodePath } from '../../src/ast/node-path.js';
import { providedKeys } from '../../src/analysis/key-providers.js';
import type { KeyProvider } from '../../src/analysis/sink-catalogue.js';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';

beforeAll(async () => {
  await loadBabel();
});

function parse(source: string): File {
  const parsed = parseSource(source, 'a.ts');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.ast;
}

/** The source text of what the first function in `source` hands over as the key. */
function keysOf(source: string, provider: KeyProvider): string[] {
  let fn: NodePath | undefined;
  const visit = (p: NodePath) => {
    fn ??= p;
  };
  programPath(parse(source)).traverse({ ArrowFunctionExpression: visit, FunctionDeclaration: visit, FunctionExpression: visit });
  if (!fn) throw new Error('no function');
  return providedKeys(fn, provider, 'f').map((k) => source.slice(k.path.node.start!, k.path.node.end!));
}

describe('providedKeys', () => {
  it('takes return values, seeing through Promise.resolve', () => {
    expect(keysOf(`(req, token) => 'a'`, { returns: 'value' })).toEqual([`'a'`]);
    expect(keysOf(`function f(h) { if (h) return 'a'; return Promise.resolve(b); }`, { returns: 'value' })).toEqual([`'a'`, 'b']);
  });

  it('with `promise`, ignores a plain return of a function that is not async', () => {
    expect(keysOf(`() => 'a'`, { returns: 'promise' })).toEqual([]);
    expect(keysOf(`async () => 'a'`, { returns: 'promise' })).toEqual([`'a'`]);
    expect(keysOf(`() => Promise.resolve('a')`, { returns: 'promise' })).toEqual([`'a'`]);
  });

  it("takes the second argument of the last parameter's calls, nested callbacks included", () => {
    const source = `(req, raw, next) => { if (!req) return next(new Error('e')); db.get(raw, (err, row) => next(null, row.key)); next(null, 'a'); }`;
    expect(keysOf(source, { callback: true })).toEqual(['row.key', `'a'`]);
  });

  it('finds no callback in a one-parameter function, a shadowed or a destructured last parameter', () => {
    expect(keysOf(`(done) => done(null, 'a')`, { callback: true })).toEqual([]);
    expect(keysOf(`(req, done) => [1].forEach((done) => done(null, 'a'))`, { callback: true })).toEqual([]);
    expect(keysOf(`(req, { done }) => done(null, 'a')`, { callback: true })).toEqual([]);
  });

  it('reads neither returns nor callbacks the provider does not name', () => {
    expect(keysOf(`(req, raw, done) => { done(null, 'a'); return 'b'; }`, { callback: true })).toEqual([`'a'`]);
    expect(keysOf(`(req, raw, done) => { done(null, 'a'); return 'b'; }`, { returns: 'value' })).toEqual([`'b'`]);
    expect(keysOf(`function* g(a, cb) { cb(null, 'a'); }`, { callback: true })).toEqual([]);
  });
});
