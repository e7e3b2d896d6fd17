import { describe, expect, it } from 'vitest';
import { decode, readSourceSync } from '../../src/files/read-source.js';
import { makeTree } from '../helpers/temp-tree.js';

describe('readSource', () => {
  it('skips files over the size limit with a diagnostic', async () => {
    const root = makeTree({ 'big.js': 'x'.repeat(100) });
    expect(readSourceSync(`${root}/big.js`, 'big.js', 99)).toEqual({
      ok: false,
      diagnostic: expect.objectContaining({ kind: 'too-large', file: 'big.js' }),
    });
  });

  it('reports a vanished file instead of throwing', async () => {
    expect(readSourceSync('/nonexistent/jwtscan/x.js', 'x.js', 1000)).toEqual({
      ok: false,
      diagnostic: expect.objectContaining({ kind: 'unreadable', message: 'vanished during the scan' }),
    });
  });

  it('skips binary content', () => {
    expect(decode(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]), 'a.js')).toEqual({ ok: false, diagnostic: expect.objectContaining({ kind: 'binary' }) });
  });

  it('drops a UTF-8 BOM and decodes UTF-16 with a BOM', () => {
    expect(decode(Buffer.from('\ufeffconst a = 1;', 'utf8'), 'a.js')).toMatchObject({ ok: true, text: 'const a = 1;' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('const b = 2;', 'utf16le')]);
    expect(decode(utf16, 'b.js')).toMatchObject({ ok: true, text: 'const b = 2;' });
  });

  it('decodes invalid UTF-8 lossily, scans it, and says so', () => {
    const result = decode(Buffer.from([0x61, 0xff, 0x62]), 'c.js');
    expect(result).toMatchObject({ ok: true, text: 'a\ufffdb', diagnostics: [expect.objectContaining({ kind: 'encoding' })] });
  });
});
