import { describe, expect, it } from 'vitest';
import { formatRedaction, redact, renderMessage, scrubData } from '../../src/engine/redact.js';
import { maskStrings } from '../../src/engine/source-text.js';

describe('redact', () => {
  it('shows no characters of a short key', () => {
    expect(redact('secret', 6)).toEqual({ preview: '', byteLength: 6 });
    expect(formatRedaction(redact('secret', 6))).toBe('(6 bytes, redacted)');
  });

  it('shows two characters of a long key and its byte length', () => {
    const r = redact('fixture-inline-key-0001', 23);
    expect(r.preview).toBe('fi…');
    expect(formatRedaction(r)).toBe('"fi…" (23 bytes, redacted)');
  });

  it('counts characters by code point, never splitting a surrogate pair', () => {
    expect(redact('😀😀abcdefghijklmnopq', 24).preview).toBe('😀😀…');
  });

  it('scrubs message data that contains the key', () => {
    expect(scrubData({ name: 'JWT_dev-key-123', sink: 'jsonwebtoken.sign' }, 'dev-key-123')).toEqual({
      name: '[redacted]',
      sink: 'jsonwebtoken.sign',
    });
  });

  it('renders templates and leaves unknown placeholders visible', () => {
    expect(renderMessage('Key {{key}} for {{sink}} ({{missing}}).', { key: '(3 bytes, redacted)', sink: 'x' })).toBe(
      'Key (3 bytes, redacted) for x ({{missing}}).',
    );
  });
});

describe('maskStrings', () => {
  it('masks every quoted string, escapes included', () => {
    expect(maskStrings(`jwt.sign(p, 'a\\'b', "c", \`d\`)`)).toBe(`jwt.sign(p, '…', "…", \`…\`)`);
  });

  it('masks an unterminated string to the end of the line', () => {
    expect(maskStrings('const k = `multi-line-secret')).toBe('const k = `…`');
  });

  it('masks line comments, which may hold old keys', () => {
    expect(maskStrings('sign(p, k); // old key: hunter2')).toBe('sign(p, k); // …');
  });
});

describe('code-frame masking around regex literals (fuzzer finding)', () => {
  it('a quote inside a regex literal does not flip the string state: the strings after it stay masked', () => {
    const line = `const re = /[\\\\'"]/g; const jwk = { kty: 'oct', k: 'FZUse25JGCkeyMaterial' }; const half = total / 2;`;
    const masked = maskStrings(line);
    expect(masked).not.toContain('FZUse25JGC');
    expect(masked).not.toContain('oct');
    expect(masked).toContain('total / 2');
  });

  it('a comment end or start is never taken for a regex: a key in a comment after `*/` stays masked', () => {
    const masked = maskStrings(`,import */'use strict'; jwt.sign({}, 'k'); /* rotated from FZXq0zWQM0FD6A0qM */ x();`);
    expect(masked).not.toContain('FZXq0zWQM0FD6A0qM');
  });
});

describe('code frames of files with U+2028 line ends and regex literals (fuzzer finding)', () => {
  it('the region map knows regex literals, so no line is taken to start inside a string', async () => {
    const { scanFile } = await import('../../src/engine/scan-file.js');
    const { RULES } = await import('../../rules/index.js');
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'x', exp: 1 })}.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMDEyMzQ1Njc4OWFi`;
    const source = [`const re_0 = /[\\\\'"]+/g;`, `const a = 1;`, `const jwt = require('jsonwebtoken'); const t = '${token}'; const k = 'FZvvlEZEhNw9RusL';`].join('\u2028');
    const result = scanFile('c1-g.ts', source, RULES);
    expect(result.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.findings)).not.toContain('FZvvlEZEhNw9RusL');
  });
});

describe('code-frame guard', () => {
  it('a frame whose masking lost track of its quotes is cut before the first stray quote', async () => {
    const { FileReport } = await import('../../src/engine/file-report.js');
    const { RULES } = await import('../../rules/index.js');
    const rule = RULES.find((r) => r.id === 'jwt-inline-secret')!;
    const source = `x = 'a' + \`b\${'}'}\` + 'FZframeGuardKeyAbc123'; jwt.sign({}, 'k1k2k3k4k5k6k7k8k9');\n`;
    const report = new FileReport('f.js', source);
    const start = source.indexOf("'k1k2");
    report.addTextFinding(rule, { messageId: 'inlineKey', data: { sink: 'jsonwebtoken.sign' }, keyValue: 'k1k2k3k4k5k6k7k8k9', candidate: { start, end: start + 20, value: 'k1k2k3k4k5k6k7k8k9', sinkLabel: 'jsonwebtoken.sign', sinkStart: 0, sinkEnd: 1 } });
    const [finding] = report.finish();
    expect(finding!.maskedLine).not.toContain('FZframeGuardKeyAbc123');
    expect(finding!.maskedLine.replace(/(['"`])…\1/g, '')).not.toMatch(/['"`]/);
  });
});
