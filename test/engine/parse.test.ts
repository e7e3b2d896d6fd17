import { beforeAll, describe, expect, it } from 'vitest';
import { loadBabel } from '../../src/engine/babel.js';
import { parseSource } from '../../src/engine/parse.js';

beforeAll(() => loadBabel());

/** Parsed without a failure and without a recovered error. */
const clean = (source: string, file: string) => {
  const result = parseSource(source, file);
  return result.ok && result.recovered.length === 0;
};

describe('parse: the syntax real code is written in', () => {
  it('TC39 decorators where legacy ones differ: a decorator before a computed key', () => {
    expect(clean('class Foo {\n  @dec\n  [key()]() { return 1; }\n}\n', 'a.js')).toBe(true);
    // TypeScript's legacy decorators (parameters) still come first.
    expect(clean('class S { constructor(@Inject(TOKEN) private readonly x: X) {} }\n', 'a.ts')).toBe(true);
  });

  it('auto-accessors, using declarations, import attributes', () => {
    expect(clean('class C { accessor x = 1; static accessor y; }\n', 'a.ts')).toBe(true);
    expect(clean('{ using res = open(); await using conn = connect(); }\n', 'a.mjs')).toBe(true);
    expect(clean("import data from './d.json' with { type: 'json' };\n", 'a.mjs')).toBe(true);
  });

  it('declaration files: a const without an initializer is valid there, not in a .ts file', () => {
    const text = 'export const tokTypes: {\n  [name: string]: any;\n};\n';
    expect(clean(text, 'typings/p.d.ts')).toBe(true);
    expect(clean(text, 'src/p.ts')).toBe(false);
  });
});
