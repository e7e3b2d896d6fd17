import { describe, expect, it } from 'vitest';
import { parseUnifiedZero, unquoteC, WHOLE_FILE } from '../../src/git/changed-lines.js';
import { parseRawDiff } from '../../src/git/raw-diff.js';

const patch = (text: string) => parseUnifiedZero(Buffer.from(text, 'latin1'));

describe('parseUnifiedZero', () => {
  it('reads the new-side ranges of each hunk; a missing count is 1, a zero count is a pure deletion', () => {
    const changed = patch(
      [
        'diff --git a/src/a.ts b/src/a.ts',
        'index 1111111..2222222 100644',
        '--- a/src/a.ts',
        '+++ b/src/a.ts',
        '@@ -2 +2 @@ function f() {',
        '-old',
        '+new',
        '@@ -3,0 +4,2 @@',
        '+added 1',
        '+added 2',
        '@@ -9,3 +10,0 @@',
        '-gone',
        '-gone',
        '-gone',
        '',
      ].join('\n'),
    );
    expect([...changed]).toEqual([['src/a.ts', [{ start: 2, end: 2 }, { start: 4, end: 5 }]]]);
  });

  it('never takes hunk content for a header, and skips deleted and binary files', () => {
    const changed = patch(
      [
        'diff --git a/gone.js b/gone.js',
        'deleted file mode 100644',
        '--- a/gone.js',
        '+++ /dev/null',
        '@@ -1 +0,0 @@',
        '-x',
        'diff --git a/a.js b/a.js',
        'new file mode 100644',
        '--- /dev/null',
        '+++ b/a.js',
        '@@ -0,0 +1,3 @@',
        '+++ b/fake.js',
        '+@@ -1 +1,100 @@',
        '+diff --git a/x b/x',
        '\\ No newline at end of file',
        'diff --git a/img.png b/img.png',
        'Binary files a/img.png and b/img.png differ',
        '',
      ].join('\n'),
    );
    expect([...changed]).toEqual([['a.js', [{ start: 1, end: 3 }]]]);
  });

  it('unquotes names git quoted (tab, newline, quote, backslash, octal UTF-8 bytes) and drops the TAB after names with spaces', () => {
    const changed = patch(
      [
        '+++ "b/new\\nline \\"q\\" \\\\ caf\\303\\251.ts"',
        '@@ -0,0 +1 @@',
        '+x',
        '+++ b/with space.js\t',
        '@@ -0,0 +7 @@',
        '+y',
        '',
      ].join('\n'),
    );
    expect([...changed.keys()]).toEqual(['new\nline "q" \\ café.ts', 'with space.js']);
    expect(changed.get('with space.js')).toEqual([{ start: 7, end: 7 }]);
  });

  it('unquoteC rejects malformed quoting', () => {
    expect(unquoteC('"a\\tb"')).toBe('a\tb');
    expect(unquoteC('"unterminated')).toBeUndefined();
    expect(unquoteC('"bad \\q escape"')).toBeUndefined();
    expect(WHOLE_FILE.start).toBe(1);
  });
});

describe('parseRawDiff', () => {
  it('reads modes, the staged blob id and the new path of renames and copies, keeping bytes', () => {
    const id = (c: string) => c.repeat(40);
    const raw = Buffer.concat([
      Buffer.from(`:000000 100644 ${id('0')} ${id('a')} A\0added.js\0`),
      Buffer.from(`:100644 100644 ${id('1')} ${id('b')} R087\0old.js\0new name.js\0`),
      Buffer.from(`:100644 100644 ${id('2')} ${id('c')} C100\0src.js\0copy.js\0`),
      Buffer.from(`:000000 120000 ${id('0')} ${id('d')} A\0link.js\0`),
      Buffer.from(`:100644 100644 ${id('3')} ${id('e')} M\0`),
      Buffer.from([0x6c, 0xe9, 0x0a, 0x2e, 0x6a, 0x73, 0x00]),
    ]);
    expect(parseRawDiff(raw).map((e) => [e.status, e.newMode, e.newBlob[0], e.path.toString('latin1')])).toEqual([
      ['A', '100644', 'a', 'added.js'],
      ['R', '100644', 'b', 'new name.js'],
      ['C', '100644', 'c', 'copy.js'],
      ['A', '120000', 'd', 'link.js'],
      ['M', '100644', 'e', 'l\u00e9\n.js'],
    ]);
    expect(parseRawDiff(Buffer.alloc(0))).toEqual([]);
    expect(() => parseRawDiff(Buffer.from(`:100644 100644 ${id('1')} ${id('b')} R087\0old.js\0`))).toThrow(/truncated/);
  });
});
