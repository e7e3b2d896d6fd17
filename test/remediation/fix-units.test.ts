/** The fix planner's small parts: .env.example lines, the unified diff, edits by original offsets. */
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/remediation/fix/apply-edits.js';
import { envExampleChange } from '../../src/remediation/fix/env-example.js';
import { envPrefix, serviceOf } from '../../src/remediation/fix/env-name.js';
import { unifiedDiff } from '../../src/remediation/fix/unified-diff.js';

describe('.env.example', () => {
  it('is created with a header and empty values', () => {
    const change = envExampleChange('.env.example', undefined, ['JWT_SECRET', 'JWT_SECRET'])!;
    expect(applyEdits('', change.edits)).toMatch(/^# .*\nJWT_SECRET=\n$/);
  });
  it('gets missing names appended once, after a final line break', () => {
    const change = envExampleChange('.env.example', 'PORT=3000', ['JWT_SECRET', 'PORT'])!;
    expect(applyEdits('PORT=3000', change.edits)).toBe('PORT=3000\nJWT_SECRET=\n');
    expect(envExampleChange('.env.example', 'PORT=3000\nJWT_SECRET=changeme\n', ['JWT_SECRET'])).toBeUndefined();
  });
  it('keeps CRLF files CRLF', () => {
    const change = envExampleChange('.env.example', 'PORT=3000\r\n', ['JWT_SECRET'])!;
    expect(applyEdits('PORT=3000\r\n', change.edits)).toBe('PORT=3000\r\nJWT_SECRET=\r\n');
  });
});

describe('service and variable names', () => {
  it('takes the nearest package below the root, else an apps/ folder, else the root', () => {
    const packages: Record<string, string | null> = { 'apps/api': '@acme/api-gateway', 'libs/x': null };
    const read = (folder: string) => packages[folder];
    expect(serviceOf('apps/api/src/auth.ts', read)).toEqual({ root: 'apps/api', prefix: 'API_GATEWAY' });
    expect(serviceOf('libs/x/a.ts', read)).toEqual({ root: 'libs/x', prefix: 'X' });
    expect(serviceOf('services/billing/a.ts', read)).toEqual({ root: 'services/billing', prefix: 'BILLING' });
    expect(serviceOf('src/a.ts', read)).toEqual({ root: '' });
    expect(envPrefix('@scope/3d-api')).toBe('_3D_API');
  });
});

describe('unified diff', () => {
  const original = 'a\nb\nconst K = "k-0123456789abcdef";\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n';
  const edits = [
    { start: original.indexOf('const'), end: original.indexOf('const'), text: 'if (!process.env.K) throw new Error("K is not set");\n' },
    { start: original.indexOf('"k-'), end: original.indexOf(';\nc'), text: 'process.env.K' },
    { start: original.indexOf('m\n'), end: original.indexOf('m\n') + 1, text: 'M' },
  ];
  it('shows the edits in hunks with three lines of context and correct line numbers, never the key', () => {
    const diff = unifiedDiff([{ file: 'src/a.js', original, edits }], new Set(['k-0123456789abcdef']));
    expect(diff).toBe(
      [
        '--- a/src/a.js',
        '+++ b/src/a.js',
        '@@ -1,6 +1,7 @@',
        ' a',
        ' b',
        '-const K = "…";',
        '+if (!process.env.K) throw new Error("K is not set");',
        '+const K = process.env.K;',
        ' c',
        ' d',
        ' e',
        '@@ -11,4 +12,4 @@',
        ' j',
        ' k',
        ' l',
        '-m',
        '+M',
        '',
      ].join('\n'),
    );
  });
  it('shows a new file against /dev/null', () => {
    expect(unifiedDiff([{ file: '.env.example', original: undefined, edits: [{ start: 0, end: 0, text: 'K=\n' }] }], new Set())).toBe('--- /dev/null\n+++ b/.env.example\n@@ -0,0 +1,1 @@\n+K=\n');
  });
  it('scrubs keys from context and added lines too', () => {
    const text = 'x = "other-key-abcdefghij"\nQ\nw = "other-key-abcdefghij" + 1\n';
    const at = text.indexOf('Q');
    const diff = unifiedDiff([{ file: 'a.env', original: text, edits: [{ start: at, end: at + 1, text: 'R' }] }], new Set(['other-key-abcdefghij']));
    expect(diff).toContain('+R');
    expect(diff).not.toContain('abcdefghij');
  });
});

describe('unified diff: nothing of the file shown carries a value', () => {
  const diffOf = (file: string, text: string, from: string, to: string, insert: string) => {
    const at = text.indexOf(from);
    return unifiedDiff([{ file, original: text, edits: [{ start: at, end: at + from.length, text: to }, ...(insert ? [{ start: 0, end: 0, text: insert }] : [])] }], new Set());
  };
  it('masks strings on context lines and on edited lines that keep some of the old line, in code', () => {
    const text = 'const db = connect("postgres://app:db-password-1@db");\nconst a = f("x", OLD);\nmore();\n';
    const diff = diffOf('src/a.js', text, 'OLD', 'process.env.A', 'const started = check("A is set");\n');
    expect(diff).not.toContain('db-password-1');
    expect(diff).toContain(' const db = connect("…");');
    expect(diff).toContain('+const a = f("…", process.env.A);');
    expect(diff).toContain('+const started = check("A is set");'); // written whole by the fix
  });
  it('masks values and keeps names in .env, JSON and YAML', () => {
    const env = 'DATABASE_URL=postgres://app:db-password-2@db\nSTRIPE_KEY="sk-value-333333"\n# a comment\nJWT_SECRET=x\n';
    const dotenv = diffOf('.env', env, 'JWT_SECRET=x\n', '', '');
    expect(dotenv).toContain(' DATABASE_URL=…\n');
    expect(dotenv).toContain(' STRIPE_KEY="…"\n');
    expect(dotenv).toContain(' # a comment\n');
    expect(dotenv).toContain('-JWT_SECRET=…\n');
    const json = diffOf('config/default.json', '{\n  "db": "db-password-4",\n  "jwt": { "secret": "k" }\n}\n', '"k"', '""', '');
    expect(json).toContain('   "db": "…",\n');
    expect(json).not.toContain('db-password-4');
    const yaml = diffOf('deploy/values.yml', 'db:\n  password: db-password-5\n  cert: |\n    cert-body-666666\njwt: x\n', 'jwt: x', 'jwt: ""', '');
    expect(yaml).toContain('   password: …\n');
    expect(yaml).toContain('   cert: |\n');
    expect(yaml).toContain('     …\n');
    expect(yaml).not.toMatch(/db-password-5|cert-body-666666/);
  });
});

describe('applyEdits', () => {
  it('addresses every edit by the original offsets and refuses overlaps', () => {
    expect(applyEdits('0123456789', [{ start: 2, end: 4, text: 'ab' }, { start: 6, end: 6, text: '+' }, { start: 8, end: 10, text: '' }])).toBe('01ab45+67');
    expect(() => applyEdits('0123456789', [{ start: 2, end: 6, text: 'x' }, { start: 4, end: 8, text: 'y' }])).toThrow();
  });
});
