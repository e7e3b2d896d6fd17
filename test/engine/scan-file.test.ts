import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scanFile } from '../../src/engine/scan-file.js';
import { defineRule, type AnyRule } from '../../src/rule.js';

const crashing = defineRule({
  id: 'test-crashing-rule',
  name: 'Crashing',
  shortDescription: 'Crashes',
  fullDescription: 'Crashes.',
  help: '',
  tags: [],
  level: 'error',
  securitySeverity: 1,
  precision: 'low',
  messages: { never: 'Never.' },
  keywords: ['jwt'],
  create() {
    return {
      CallExpression() {
        throw new TypeError('boom');
      },
    };
  },
}) as AnyRule;

const source = `const jwt = require('jsonwebtoken');\njwt.sign({}, 'engine-test-inline-key-rDkbVsKuJmcOm31fgFyx');\n`;

describe('scanFile', () => {
  it('isolates a crashing rule: a diagnostic, and the other rules still report', () => {
    const result = scanFile('a.js', source, [crashing, ...RULES]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ kind: 'rule-crash', level: 'error', ruleId: 'test-crashing-rule', line: 1 }),
    ]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['jwt-inline-secret']);
  });

  it('treats a visitor key that cannot name a node type as a crash of that rule only', () => {
    const invalid = { ...crashing, id: 'test-invalid-visitor', create: () => ({ 'call-expression'() {} }) } as AnyRule;
    const result = scanFile('a.js', source, [invalid, ...RULES]);
    expect(result.diagnostics).toEqual([expect.objectContaining({ kind: 'rule-crash', ruleId: 'test-invalid-visitor' })]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['jwt-inline-secret']);
  });

  it('takes a stack overflow inside a visitor for the file, not the rule: one analysis-error, and the text fallback', () => {
    const overflowing = {
      ...crashing,
      id: 'test-overflowing-rule',
      create: () => ({
        CallExpression() {
          throw new RangeError('Maximum call stack size exceeded');
        },
      }),
    } as AnyRule;
    const result = scanFile('a.js', source, [overflowing, ...RULES]);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['analysis-error']);
    expect(result.diagnostics[0]!.message).toMatch(/nesting too deep/);
    expect(result.findings.map((f) => `${f.ruleId} ${f.fromFallback}`)).toContain('jwt-inline-secret true');
  });

  it('does not parse a file that none of the rules keywords occur in', () => {
    const result = scanFile('b.js', `sign({}, 'not-relevant-at-all-abcdefghijklmnopqr');\n`, RULES);
    expect(result).toMatchObject({ parsed: false, findings: [], diagnostics: [] });
  });

  it('matches keywords case-insensitively (JWT_SECRET passes the prefilter)', () => {
    const result = scanFile('c.js', `const JWT_SECRET = process.env.X;\n`, RULES);
    expect(result.parsed).toBe(true);
  });

  it('falls back to the text scan when the file does not parse, and says so', () => {
    const broken = `const jwt = require('jsonwebtoken');\nfunction f( {\n  jwt.sign(p, 'engine-broken-inline-key-oPMKtfeayly2NFkbIBvA');\n`;
    const result = scanFile('d.js', broken, RULES);
    expect(result.diagnostics).toEqual([expect.objectContaining({ kind: 'parse-error', level: 'warning' })]);
    expect(result.findings).toEqual([
      expect.objectContaining({ ruleId: 'jwt-inline-secret', fromFallback: true, region: { start: { line: 3, column: 15 }, end: { line: 3, column: 62 } } }),
    ]);
  });

  it('reports 1-based columns in UTF-16 code units, with CRLF and lone CR line ends', () => {
    const text = `const jwt = require('jsonwebtoken');\r\n// 😀\rjwt.sign({ e: '😀' }, 'engine-utf16-inline-key-6oLBjEjuEa823wKW9hmr');\n`;
    const [finding] = scanFile('e.js', text, RULES).findings;
    expect(finding?.region.start).toEqual({ line: 3, column: 23 });
  });

  it('collects imports as facts for cross-file resolution', () => {
    const text = `import a from './a';\nexport * from './b';\nconst c = require('jsonwebtoken');\n`;
    expect(scanFile('f.ts', text, RULES).facts.imports).toEqual(['./a', './b', 'jsonwebtoken']);
  });

  it('gives one finding per key literal, with every JWT call it reaches as a related location', () => {
    const text = `const jwt = require('jsonwebtoken');\nconst K = 'engine-shared-key-RcnOc4ETBHhQlRYUmIqF';\njwt.sign({}, K);\njwt.verify(t, K);\n`;
    const findings = scanFile('g.js', text, RULES).findings;
    expect(findings).toHaveLength(1);
    expect(findings[0]!.related.map((r) => [r.label, r.region.start.line])).toEqual([
      ['jsonwebtoken.sign', 3],
      ['jsonwebtoken.verify', 4],
    ]);
  });

  it('keeps fingerprints stable when lines move and when the key is rotated', () => {
    const before = `const jwt = require('jsonwebtoken');\njwt.sign({}, 'engine-rotate-key-one-6EnfkFzskWCkH9VighCG');\n`;
    const after = `// a new comment\n\nconst jwt = require('jsonwebtoken');\njwt.sign({}, 'engine-rotate-key-two-cqcxLmKZhsgCpqQaVT3h');\n`;
    const [a] = scanFile('h.js', before, RULES).findings;
    const [b] = scanFile('h.js', after, RULES).findings;
    expect(a!.fingerprint).toBe(b!.fingerprint);
    const [other] = scanFile('other.js', before, RULES).findings;
    expect(other!.fingerprint).not.toBe(a!.fingerprint);
  });
});
