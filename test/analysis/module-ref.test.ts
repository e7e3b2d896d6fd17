import { describe, expect, it } from 'vitest';
import type { File } from '@babel/types';
import { programPath, type NodePath } from '../../src/ast/node-path.js';
import { parseSource } from '../../src/engine/parse.js';
import { resolveModuleRef } from '../../src/analysis/module-ref.js';
import { child } from '../../src/analysis/unwrap.js';

/** `module.path` of the callee of every call marked with a trailing `// ?` comment, in order ('-' when none). */
function calleeRefs(source: string, file = 'case.ts'): string[] {
  const parsed = parseSource(source, file);
  if (!parsed.ok) throw new Error('parse failed');
  const marked = new Set(source.split('\n').flatMap((line, i) => (line.trimEnd().endsWith('// ?') ? [i + 1] : [])));
  const refs: string[] = [];
  programPath(parsed.ast as File).traverse({
    CallExpression(path: NodePath) {
      const line = path.node.loc?.start.line ?? 0;
      if (!marked.has(line)) return;
      marked.delete(line); // the outermost call on the line
      const ref = resolveModuleRef(child(path, 'callee'));
      refs.push(ref ? [ref.module, ...ref.path].join('.') : '-');
    },
  });
  return refs;
}

describe('resolveModuleRef: library aliases', () => {
  it('follows a require made by createRequire, not a shadowed or look-alike require', () => {
    const refs = calleeRefs(
      [
        `import { createRequire } from 'node:module';`,
        `import * as mod from 'module';`,
        `const require = createRequire(import.meta.url);`,
        `require('jsonwebtoken').sign(p, k); // ?`,
        `mod.createRequire(__filename)('jsonwebtoken').verify(t, k); // ?`,
        `createRequire('/elsewhere/x.js')('./local').sign(p, k); // ?`,
        `function f(require) { return require('jsonwebtoken').sign(p, k); // ?`,
        `}`,
      ].join('\n'),
    );
    // A relative specifier only counts when the made require resolves from this file.
    expect(refs).toEqual(['jsonwebtoken.sign', 'jsonwebtoken.verify', '-', '-']);
  });

  it('sees the same function through util.promisify and bind(thisArg), not a bind that fixes arguments', () => {
    const refs = calleeRefs(
      [
        `const util = require('util');`,
        `const jwt = require('jsonwebtoken');`,
        `util.promisify(jwt.verify)(t, k); // ?`,
        `require('node:util').promisify(jwt.sign)(p, k); // ?`,
        `jwt.verify.bind(jwt)(t, k); // ?`,
        `jwt.sign.bind(null, payload)(k); // ?`,
        `const promisify = (f) => f;`,
        `promisify(jwt.sign)(p, k); // ?`,
      ].join('\n'),
      'case.js',
    );
    expect(refs).toEqual(['jsonwebtoken.verify', 'jsonwebtoken.sign', 'jsonwebtoken.verify', '-', '-']);
  });

  it('reads a class field only when every store into it is the same export', () => {
    const refs = calleeRefs(
      [
        `import jwt from 'jsonwebtoken';`,
        `class A { jwt = jwt; m() { return this.jwt.sign(p, k); // ?`,
        `} }`,
        `class B { constructor(private jwt: typeof import('jsonwebtoken')) {} m() { return this.jwt.sign(p, k); // ?`,
        `} }`,
        `class C { jwt = jwt; m() { this.jwt ||= other; return this.jwt.sign(p, k); // ?`,
        `} }`,
        `class D extends Base { m() { return this.jwt.sign(p, k); // ?`,
        `} }`,
      ].join('\n'),
    );
    expect(refs).toEqual(['jsonwebtoken.sign', '-', '-', '-']);
  });
});
