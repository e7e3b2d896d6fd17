/** `--format html`: escaping, no key material, the empty page, a fixed order, the CSP hashes, --history commits. */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/rule.js';
import { htmlReporter } from '../../src/reporters/html.js';
import { html } from '../../src/reporters/html/escape.js';
import type { ReportContext } from '../../src/reporters/types.js';
import type { ScanResult } from '../../src/scan.js';
import { leak, makeRepo, runCli } from '../helpers/git-repo.js';
import { htmlReportProject } from '../helpers/html-report-project.js';
import { makeTree } from '../helpers/temp-tree.js';

const CONTEXT: ReportContext = {
  rules: [],
  toolVersion: '9.9.9',
  informationUri: 'https://example.test/jwtscan',
  color: false,
  quiet: false,
  includeSuppressed: false,
};

function finding(overrides: Partial<Finding>): Finding {
  const region = { start: { line: 2, column: 26 }, end: { line: 2, column: 60 } };
  return {
    ruleId: 'jwt-inline-secret',
    messageId: 'inlineKey',
    message: 'Hard-coded JWT key "ht…" (37 bytes, redacted) written into the jsonwebtoken.sign call',
    level: 'error',
    file: 'src/a.js',
    region,
    related: [{ label: 'jsonwebtoken.sign', region }],
    redacted: { preview: 'ht…', byteLength: 37 },
    fingerprint: 'f'.repeat(64),
    maskedLine: "exports.t = jwt.sign({}, '…');",
    fromFallback: false,
    ...overrides,
  };
}

function result(findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult {
  return { base: '/repo', findings, diagnostics: [], stats: { filesListed: 3, filesParsed: 3, durationMs: 12 }, ...extra };
}

const format = (r: ScanResult, context: Partial<ReportContext> = {}) => htmlReporter.format(r, { ...CONTEXT, ...context });

describe('html()', () => {
  it('escapes markup and shows invisible and direction-changing characters', () => {
    expect(html(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(html('a\u0000b\u001bc\u202ed\u2066e')).toBe('a\\x00b\\x1bc\\u{202e}d\\u{2066}e');
    expect(html('tab\tand\nnewline')).toBe('tab\tand\nnewline');
    expect(html('lone \ud800 surrogate, pair \ud83d\ude00')).toBe('lone \ufffd surrogate, pair \ud83d\ude00');
  });
});

describe('htmlReporter', () => {
  it('lists the other places of a reused key apart from the JWT calls it reaches, as the text report does', () => {
    const region = { start: { line: 4, column: 1 }, end: { line: 4, column: 9 } };
    const page = format(result([finding({ ruleId: 'jwt-reused-secret', related: [{ label: 'jsonwebtoken.sign', region }, { label: 'the same key (apps/worker)', file: 'apps/worker/a.js', region, role: 'copy' }] })]));
    expect(page).toContain('JWT calls the key reaches:</p>\n<ul class="related"><li>key of <code>jsonwebtoken.sign</code>');
    expect(page).toContain('Other places of the same key:</p>\n<ul class="related"><li><code>the same key (apps/worker)</code> at <code>apps/worker/a.js:4:1</code>');
    expect(page).not.toContain('key of <code>the same key');
  });

  it('escapes file names, messages, labels and code: the only markup is its own', () => {
    const hostile = '<img src=x onerror=alert(1)>.js';
    const page = format(
      result([
        finding({
          file: `src/${hostile}`,
          message: 'key in "keys.</script><script>alert(2)</script>" reaches jsonwebtoken.sign',
          maskedLine: "const k = { '…': '…' }; // </style><b>",
          related: [{ label: 'a"b<c>', file: `lib/${hostile}`, region: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }],
          flow: [{ label: 'const <svg onload=alert(3)>', file: `src/${hostile}`, region: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }],
          testEvidence: '<u>evidence</u>',
          inTestPath: true,
        }),
      ], { diagnostics: [{ kind: 'parse-error', level: 'warning', file: `x/${hostile}`, line: 3, message: 'Unexpected </script>' }] }),
    );
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(page.match(/<\/script>/g)).toHaveLength(1);
    expect(page.match(/<style/g)).toHaveLength(1);
    expect(page.match(/<\/style>/g)).toHaveLength(1);
    for (const tag of ['<img', '<svg', '<u>', '<b>']) expect(page).not.toContain(tag);
    expect(page).toContain('src/&lt;img src=x onerror=alert(1)&gt;.js');
    expect(page).toContain('keys.&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(page).toContain('a&quot;b&lt;c&gt;');
    expect(page).toContain('Unexpected &lt;/script&gt;');
  });

  it('never shows a key: not from a scanned project, not a PEM body, not the weak key on its line', async () => {
    const { files, keys } = htmlReportProject();
    const cwd = makeTree(files);
    const run = await runCli(['scan', '--format', 'html'], { cwd, env: {} });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<article class="finding"');
    for (const key of keys) expect(run.stdout).not.toContain(key);
    expect(run.stdout).not.toMatch(/'secret'|&#39;secret&#39;/);
  });

  it('says "no findings" when there are none, without filters or script, and lists diagnostics', () => {
    const page = format(result([], { diagnostics: [{ kind: 'parse-error', level: 'warning', file: 'src/broken.js', line: 4, message: 'Unexpected token' }] }));
    expect(page).toContain('<p class="verdict" id="verdict">No JWT key findings (3 files scanned).</p>');
    expect(page).toContain('<title>jwtscan report: no findings</title>');
    expect(page).not.toContain('<form');
    expect(page).not.toContain('<script');
    expect(page).toMatch(/<h2 id="diagnostics-heading">Diagnostics \(1\)<\/h2>/);
    expect(page).toContain('<td><code>src/broken.js:4</code></td><td><span class="level level-warning">warning</span></td><td><code>parse-error</code></td><td>Unexpected token</td>');
    expect(format(result([]))).not.toContain('Diagnostics');
  });

  it('orders files and findings the same way whatever the input order (byte-identical pages)', () => {
    const at = (line: number, column: number) => ({ start: { line, column }, end: { line, column: column + 5 } });
    const findings = [
      finding({ file: 'b/z.js', region: at(9, 1), fingerprint: '1' }),
      finding({ file: 'a.js', region: at(3, 4), fingerprint: '2', ruleId: 'jwt-weak-secret' }),
      finding({ file: 'a.js', region: at(3, 4), fingerprint: '3' }),
      finding({ file: 'B.js', region: at(1, 1), fingerprint: '4', level: 'note' }),
      finding({ file: 'a.js', region: at(1, 9), fingerprint: '5' }),
    ];
    const page = format(result(findings));
    const reordered = [[...findings].reverse(), [...findings.slice(2), ...findings.slice(0, 2)], [findings[3]!, findings[0]!, findings[4]!, findings[2]!, findings[1]!]];
    for (const order of reordered) expect(format(result(order))).toBe(page);
    const order = [...page.matchAll(/<h3 id="file-\d+-heading"><code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(order).toEqual(['B.js', 'a.js', 'b/z.js']);
    const inA = page.slice(page.indexOf('<code>a.js</code>'), page.indexOf('<code>b/z.js</code>'));
    expect([...inA.matchAll(/<code>(jwt-[a-z-]+)<\/code><\/a> <span class="muted">at line (\d+:\d+)/g)].map((m) => `${m[2]} ${m[1]}`)).toEqual([
      '1:9 jwt-inline-secret',
      '3:4 jwt-inline-secret',
      '3:4 jwt-weak-secret',
    ]);
  });

  it('counts by level, by rule (reported and as a problem) and by directory', () => {
    const page = format(
      result([
        finding({ file: 'src/a.js', problems: ['jwt-inline-secret', 'jwt-weak-secret'] }),
        finding({ file: 'src/b.js', fingerprint: '2', ruleId: 'jwt-hardcoded-secret', level: 'warning' }),
        finding({ file: 'test/a.test.js', fingerprint: '3', level: 'note', inTestPath: true, testEvidence: 'its path matches `test/`' }),
        finding({ file: 'README.js', fingerprint: '4', suppression: { justification: 'demo' } }),
      ]),
      { includeSuppressed: true },
    );
    expect(page).toContain('3 findings (1 error, 1 warning, 1 note) in 3 files scanned, 1 suppressed shown.');
    const row = (table: string, name: string) => {
      const body = page.slice(page.indexOf(`<table id="${table}">`));
      const cells = body.slice(body.indexOf(name)).split('</tr>')[0]!;
      return [...cells.matchAll(/<td class="n">(\d+)<\/td>/g)].map((m) => Number(m[1]));
    };
    expect(row('by-level', 'level-error">error')).toEqual([1]);
    expect(row('by-rule', '<code>jwt-inline-secret</code>')).toEqual([1, 0, 1, 2, 2]);
    expect(row('by-rule', '<code>jwt-weak-secret</code>')).toEqual([0, 0, 0, 0, 1]);
    expect(row('by-directory', '<code>src</code>')).toEqual([1, 1, 0, 2]);
    expect(page).not.toContain('<code>.</code>'); // the suppressed finding is shown, not counted
    expect(page).toContain('data-rules="jwt-inline-secret jwt-weak-secret" data-level="error" data-scope="production"');
    expect(page).toContain('data-scope="test"');
    expect(page).toContain('<dt>Test code</dt><dd>its path matches `test/`</dd>');
    expect(page).toContain('<dt>Suppressed</dt><dd>demo</dd>');
  });

  it('allows by hash exactly its inline style and script, and nothing else loads', () => {
    const page = format(result([finding({})]));
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1]!;
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)![1]!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain(`style-src ${hash(style)}`);
    expect(csp).toContain(`script-src ${hash(script)}`);
    expect(page).not.toMatch(/\b(src|srcset|action|formaction)=|<link|<img|<iframe|@import|url\(/i);
    expect([...page.matchAll(/href="([^"]+)"/g)].map((m) => m[1]).every((h) => h!.startsWith('#') || h!.startsWith('https://example.test/jwtscan#'))).toBe(true);
  });

  it('shows the flow step by step and the JWT calls the key reaches', () => {
    const region = (line: number) => ({ start: { line, column: 3 }, end: { line, column: 9 } });
    const page = format(
      result([
        finding({
          file: 'src/config.js',
          flow: [
            { label: 'key literal', file: 'src/config.js', region: region(1) },
            { label: 'imported from "./config"', file: 'src/auth.js', region: region(2) },
            { label: 'key of jsonwebtoken.sign', file: 'src/auth.js', region: region(3) },
          ],
          related: [{ label: 'jsonwebtoken.sign', file: 'src/auth.js', region: region(3) }],
        }),
      ]),
    );
    expect(page).toContain(
      '<ol class="flow"><li><code>src/config.js:1:3</code> key literal</li><li><code>src/auth.js:2:3</code> imported from &quot;./config&quot;</li><li><code>src/auth.js:3:3</code> key of jsonwebtoken.sign</li></ol>',
    );
    expect(page).toContain('<ul class="related"><li>key of <code>jsonwebtoken.sign</code> at <code>src/auth.js:3:3</code></li></ul>');
  });
});

describe('htmlReporter with --history', () => {
  it('shows the commit that added a key and that HEAD no longer has it', async () => {
    const key = 'html-history-Zm4kT9qLw2XbR7nV5cJ8hD3f';
    const repo = makeRepo({ 'src/auth.js': leak(key) });
    const date = '2021-03-02T12:00:00+00:00';
    const commit = (message: string) => {
      repo.git('add', '-A');
      execFileSync('git', ['commit', '-qm', message], { cwd: repo.root, env: { ...repo.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
      return repo.git('rev-parse', 'HEAD').trim();
    };
    const added = commit('add');
    repo.write('src/auth.js', 'module.exports = {};\n');
    commit('remove');
    const run = await repo.jwtscan(['scan', '--history', '--format', 'html']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`<dt>Added in commit</dt><dd><code title="${added}">${added.slice(0, 12)}</code> (2021-03-02) as <code>src/auth.js</code></dd>`);
    expect(run.stdout).toContain('<dt>At HEAD</dt><dd><span class="history-removed">removed from HEAD, still in the history: rotate the key</span></dd>');
    expect(run.stdout).toContain('1 finding from the git history; 1 of them no longer at HEAD but still in the history: rotate those keys.');
    expect(run.stdout).not.toContain(key);
  });
});
