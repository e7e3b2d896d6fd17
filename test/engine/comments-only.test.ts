import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { holdsOnlyComments } from '../../src/engine/comments-only.js';
import { ROOT } from '../helpers/scan-helpers.js';

describe('a source of nothing but comments', () => {
  it('is one doc block or line comment after another, with any whitespace', () => {
    expect(holdsOnlyComments('/**\n * @oas [get] /admin/users\n * security:\n *   - jwt_token: []\n */\n')).toBe(true);
    expect(holdsOnlyComments('\uFEFF// jwt\r\n\t/* jose */\u2028// jws\u00A0\u3000')).toBe(true);
    expect(holdsOnlyComments('')).toBe(true);
  });

  it('is not once any code stands outside the comments', () => {
    expect(holdsOnlyComments('// JWT settings\nexport const defaults = { auth: { secret: "x" } };')).toBe(false);
    expect(holdsOnlyComments('/** jwt */ export {};')).toBe(false);
    expect(holdsOnlyComments('/* a */ / 2')).toBe(false);
    expect(holdsOnlyComments('// a\n/')).toBe(false);
    expect(holdsOnlyComments('#!/usr/bin/env node\n// jwt')).toBe(false);
    // A comment marker that is no comment: inside a string, or an unterminated block.
    expect(holdsOnlyComments('"/* jwt */"')).toBe(false);
    expect(holdsOnlyComments('/* jwt')).toBe(false);
    // A line comment ends at any line terminator, CR and U+2028 included.
    expect(holdsOnlyComments('// jwt\rx')).toBe(false);
    expect(holdsOnlyComments('// jwt\u2028x')).toBe(false);
  });

  it('says so exactly when Babel finds an empty program, on every fixture, example and source file', () => {
    const files = fg.sync(['test/fixtures/**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', 'examples/**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', 'src/**/*.ts', 'rules/**/*.ts'], { cwd: ROOT, ignore: ['**/node_modules/**'] });
    const sources = files.map((file) => fs.readFileSync(path.join(ROOT, file), 'utf8'));
    // Every file again as nothing but its comments: the other half of the comparison.
    const commentsOf = (source: string) => (parse(source, { sourceType: 'unambiguous', errorRecovery: true, plugins: ['typescript', 'jsx'] }).comments ?? []).map((c) => (c.type === 'CommentBlock' ? `/*${c.value}*/` : `//${c.value}`)).join('\n');
    let emptyPrograms = 0;
    for (const source of [...sources, ...sources.map((s) => { try { return commentsOf(s); } catch { return ''; } })]) {
      let empty: boolean;
      try {
        const program = parse(source, { sourceType: 'unambiguous', errorRecovery: true, plugins: ['typescript', 'jsx'] });
        if ((program.errors ?? []).length > 0) continue;
        empty = program.program.body.length === 0 && program.program.directives.length === 0 && !program.program.interpreter;
      } catch {
        continue;
      }
      expect(holdsOnlyComments(source), source.slice(0, 200)).toBe(empty);
      if (empty) emptyPrograms++;
    }
    expect(files.length).toBeGreaterThan(200);
    expect(emptyPrograms).toBeGreaterThan(200);
  });
});
