/**
 * Bounded work per file: the streaming text pass over files too large to read or to parse, the
 * per-file time budget, interruption between files, and the proof that the keyword prefilter loses
 * no finding of the fixture corpus.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { scanTextStream } from '../../src/engine/stream-scan.js';
import { scanFile } from '../../src/engine/scan-file.js';
import type { AnyRule } from '../../src/rule.js';
import { fixtureCases } from '../helpers/fixture-cases.js';
import { RULE_FIXTURES, scanPaths } from '../helpers/scan-helpers.js';
import { makeTree } from '../helpers/temp-tree.js';

const KEY = 'streamed-inline-key-Qw3Er5Ty7Ui9Op1A';

async function* chunked(text: string, size: number): AsyncIterable<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('streaming text pass', () => {
  it('finds an inline key deep in a multi-MB single-line bundle, with the right column, whatever the chunking', async () => {
    const head = 'var o=require("jsonwebtoken");';
    const filler = 'var a=function(e,t){return e+t};'.repeat(90_000);
    const text = `${head}${filler}o.sign({a:1},"${KEY}");${'var b=1;'.repeat(1000)}`;
    const column = text.indexOf(`"${KEY}"`) + 1;
    for (const size of [4096, 65_536, 1_000_003]) {
      const findings = await scanTextStream('bundle.js', chunked(text, size), RULES);
      expect(findings.map((f) => `${f.ruleId} ${f.region.start.line}:${f.region.start.column}`)).toEqual([`jwt-inline-secret 1:${column}`]);
    }
  });

  it('maps lines across windows, reports a key in a window overlap once, and never puts the key in the output', async () => {
    const lines = ['const jwt = require("jsonwebtoken");', ...Array.from({ length: 60_000 }, (_, i) => `// filler ${i} ${'x'.repeat(20)}`)];
    const at = lines.length + 1;
    lines.push(`jwt.verify(token, '${KEY}');`);
    const findings = await scanTextStream('big.js', chunked(lines.join('\r\n'), 8192), RULES);
    expect(findings.map((f) => `${f.region.start.line}:${f.region.start.column}`)).toEqual([`${at}:19`]);
    expect(JSON.stringify(findings)).not.toContain(KEY);
  });

  it('scan(): a file over --max-file-size is skipped with a diagnostic but still checked; one over the parse limit gets the text pass', async () => {
    const root = makeTree({
      'huge.js': `const jwt = require('jsonwebtoken');\n${'// pad\n'.repeat(200_000)}jwt.sign({}, '${KEY}');\n`,
      'big.js': `const jwt = require('jsonwebtoken');\n${'// pad\n'.repeat(80_000)}jwt.sign({}, '${KEY}-2');\n`,
    });
    const result = await scanPaths([root], { cwd: root, maxFileSize: 1024 * 1024, maxParseSize: 256 * 1024 });
    expect(result.findings.map((f) => `${f.file}:${f.region.start.line} ${f.ruleId}`)).toEqual(['big.js:80002 jwt-inline-secret', 'huge.js:200002 jwt-inline-secret']);
    expect(result.diagnostics.map((d) => `${d.file} ${d.kind}`)).toEqual(['big.js large-file', 'huge.js too-large']);
  });
});

describe('time budget and interruption', () => {
  it('a file whose analysis exceeds its budget is reported, and the text fallback still finds its inline key', () => {
    const source = `const jwt = require('jsonwebtoken');\n${Array.from({ length: 500 }, (_, i) => `const v${i} = f(${i});`).join('\n')}\njwt.sign({}, '${KEY}');\n`;
    const result = scanFile('slow.js', source, RULES, { timeBudgetMs: 0 });
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['time-budget']);
    expect(result.findings.map((f) => `${f.ruleId} ${f.fromFallback}`)).toContain('jwt-inline-secret true');
  });

  it('an aborted scan stops between files with an interrupted diagnostic', async () => {
    const root = makeTree({ 'a.js': `require('jsonwebtoken').sign({}, '${KEY}');\n`, 'b.js': 'export {};\n' });
    const controller = new AbortController();
    controller.abort();
    const result = await scanPaths([root], { cwd: root, signal: controller.signal });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['interrupted']);
  });
});

describe('keyword prefilter', () => {
  it('loses no finding of the annotated fixture corpus', async () => {
    // The same rules, with keywords that every file contains: nothing is filtered out.
    const unfiltered = RULES.map((r): AnyRule => ({ ...r, keywords: [''] }));
    let compared = 0;
    for (const entry of fixtureCases()) {
      const target = path.join(RULE_FIXTURES, entry);
      const key = (r: Awaited<ReturnType<typeof scanPaths>>) => r.findings.map((f) => `${f.file}:${f.region.start.line}:${f.region.start.column} ${f.ruleId}`);
      const filtered = key(await scanPaths([target]));
      expect(key(await scanPaths([target], { rules: unfiltered })), entry).toEqual(filtered);
      compared += filtered.length;
    }
    expect(compared).toBeGreaterThan(300);
  }, 120_000);
});

describe('result cache', () => {
  it('the annotated fixture corpus gives the same report without the cache, cold and warm (cross-file outcomes re-applied)', async () => {
    const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-fixture-cache-'));
    const report = (r: Awaited<ReturnType<typeof scanPaths>>) => [
      ...r.findings.map((f) => `${f.file}:${f.region.start.line}:${f.region.start.column} ${f.ruleId} ${f.level} ${f.fingerprint} ${f.message}`),
      ...r.diagnostics.map((d) => `${d.file}:${d.line ?? ''} ${d.kind} ${d.message}`),
    ];
    const uncached = await scanPaths([RULE_FIXTURES]);
    const cold = await scanPaths([RULE_FIXTURES], { cacheDir });
    const warm = await scanPaths([RULE_FIXTURES], { cacheDir });
    expect(uncached.findings.length).toBeGreaterThan(300);
    expect(report(cold)).toEqual(report(uncached));
    expect(report(warm)).toEqual(report(uncached));
    expect(warm.stats.filesParsed).toBeLessThan(cold.stats.filesParsed / 10);
  }, 120_000);
});


describe('inputs that used to abandon or vary the analysis (found by the fuzzer)', () => {
  it('a redeclared name (which Babel recovers from) no longer abandons the file: the key through a binding is found', () => {
    const source = `const jwt = require('jsonwebtoken');\nconst KEY = '${KEY}';\nexports.t = jwt.sign({}, KEY);\nlet a = 1;\nlet a = 2;\n`;
    const result = scanFile('dup.js', source, RULES);
    expect(result.findings.map((f) => `${f.ruleId}:${f.region.start.line}`)).toEqual(['jwt-hardcoded-secret:2']);
    expect(result.diagnostics.map((d) => d.kind)).toEqual(['parse-recovered']);
  });

  it('nesting deeper than the limit is judged before parsing, the same way every time, and the text fallback sees through the parentheses', () => {
    const deep = (n: number) => `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, ${'('.repeat(n)}'${KEY}'${')'.repeat(n)});\n`;
    const outcomes = [900, 300, 900, 2000].map((n) => scanFile(`deep${n}.js`, deep(n), RULES));
    for (const result of outcomes) {
      expect(result.diagnostics.map((d) => d.kind)).toEqual(['parse-error']);
      expect(result.findings.map((f) => f.ruleId)).toEqual(['jwt-inline-secret']);
    }
    expect(scanFile('shallow.js', deep(100), RULES).diagnostics).toEqual([]);
  });

  it('an unknown suppression never echoes comment text that is not a rule id (a key, commented-out code)', () => {
    const source = `const jwt = require('jsonwebtoken');\n// jwtscan-ignore-next-line old key ${KEY}\nexports.a = jwt.sign({}, process.env.K);\n// jwtscan-ignore-next-line jwt-inline-secrets\rconst k = '${KEY}';\n`;
    const messages = scanFile('echo.js', source, RULES).diagnostics.map((d) => d.message).join('\n');
    expect(messages).not.toContain(KEY);
    expect(messages).toContain('unknown rule jwt-inline-secrets');
  });
});

describe('cross-file resolution stays bounded and never prints a key through a name', () => {
  it('an export * cycle ends at once', async () => {
    const root = makeTree({
      'src/index.ts': `export * from './index';\nexport * from './b';\n`,
      'src/b.ts': `export * from './index';\nexport const OTHER = 1;\n`,
      'src/a.ts': `import jwt from 'jsonwebtoken';\nimport { KEY } from './index';\nexport const t = jwt.sign({}, KEY);\n`,
    });
    const started = performance.now();
    const result = await scanPaths([root], { cwd: root });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.findings).toEqual([]);
  });

  it('a key used as a name (a settings key, a computed property) does not appear in flow or related labels', async () => {
    const root = makeTree({
      'app.js': `const jwt = require('jsonwebtoken');\nconst app = makeApp();\napp.set('${KEY}', '${KEY}');\nexports.t = jwt.sign({}, app.get('${KEY}'));\n`,
    });
    const result = await scanPaths([root], { cwd: root });
    expect(result.findings.length).toBeGreaterThan(0);
    expect(JSON.stringify(result.findings)).not.toContain(KEY);
  });
});
