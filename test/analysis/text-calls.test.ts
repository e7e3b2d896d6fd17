import { describe, expect, it } from 'vitest';
import { findInlineKeyCallsText, regionMap } from '../../src/analysis/text-calls.js';

describe('regionMap', () => {
  it('tells code, comments and string contents apart', () => {
    const source = `a('x'); // c 'q'\n/* b */ "y" \`t\nu\` z`;
    const at = regionMap(source);
    const kindOf = (needle: string) => at(source.indexOf(needle));
    expect([kindOf('a('), kindOf('x'), kindOf('c '), kindOf('q'), kindOf('b '), kindOf('y'), kindOf('u'), kindOf('z')]).toEqual([
      'code', 'string', 'comment', 'comment', 'comment', 'string', 'string', 'code',
    ]);
  });
});

describe('findInlineKeyCallsText', () => {
  it('finds inline keys in code only, with unescaped values', () => {
    const source = [
      `const jwt = require('jsonwebtoken');`,
      `jwt.sign({ a: 1 }, 'it\\'s-a-key-Tq8vN3xKp0LzR6wYb2mJc5');`,
      `// jwt.sign(p, 'commented-key-Tq8vN3xKp0LzR6wYb2mJc5')`,
      `const s = "jwt.verify(t, 'quoted-key-Tq8vN3xKp0LzR6wYb2mJc5')";`,
      `other.sign(p, 'not-jwt-Tq8vN3xKp0LzR6wYb2mJc5');`,
    ].join('\n');
    expect(findInlineKeyCallsText(source).map((c) => [c.value, c.sinkLabel])).toEqual([["it's-a-key-Tq8vN3xKp0LzR6wYb2mJc5", 'jsonwebtoken.sign']]);
  });
});
