import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scanFile } from '../../src/engine/scan-file.js';

const header = `const jwt = require('jsonwebtoken');\n`;

describe('inline suppressions', () => {
  it('marks covered findings with their justification', () => {
    const source = `${header}// jwtscan-ignore-next-line jwt-inline-secret -- local mock\njwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuSuppX');\n`;
    const [finding] = scanFile('a.js', source, RULES).findings;
    expect(finding).toMatchObject({ ruleId: 'jwt-inline-secret', suppression: { justification: 'local mock' } });
  });

  it('reports directives that suppress nothing and rule ids that do not exist', () => {
    const source = `${header}// jwtscan-ignore-next-line\nconst x = 1;\njwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuSuppY'); // jwtscan-ignore jwt-no-such-rule -- typo\n`;
    const result = scanFile('b.js', source, RULES);
    expect(result.diagnostics.map((d) => [d.kind, d.line])).toEqual([
      ['unused-suppression', 2],
      ['unknown-suppression', 4],
    ]);
    expect(result.findings.filter((f) => f.suppression)).toEqual([]);
  });

  it('a directive for a rule switched off is neither unknown nor unused', () => {
    const source = `${header}// jwtscan-ignore-next-line jwt-weak-secret -- weak check is off in this project\njwt.sign({}, 'secret');\n`;
    const enabledOnly = RULES.filter((r) => r.id !== 'jwt-weak-secret');
    const result = scanFile('d.js', source, enabledOnly, { knownRuleIds: new Set(RULES.map((r) => r.id)) });
    expect(result.diagnostics).toEqual([]);
    expect(result.findings.map((f) => f.ruleId)).toEqual(['jwt-inline-secret']);
    // Without the full registry the same directive names a rule this scan does not know.
    expect(scanFile('d.js', source, enabledOnly).diagnostics.map((d) => d.kind)).toEqual(['unknown-suppression']);
  });

  it('ignores directive text inside strings', () => {
    const source = `${header}const s = '// jwtscan-ignore';\njwt.sign({}, 'Zm4kT9qLw2XbR7nV5cJ8hD3fG6sA1eYuSuppZ');\n`;
    const result = scanFile('c.js', source, RULES);
    expect(result.findings.map((f) => f.suppression)).toEqual([undefined]);
    expect(result.diagnostics).toEqual([]);
  });
});
