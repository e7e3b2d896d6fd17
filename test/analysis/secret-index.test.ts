import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLIC_SECRETS_INDEX, isPublicSecret, publicSecrets } from '../../rules/data/public-secrets.js';
import { buildSecretIndex, SecretIndex, SecretIndexFile } from '../../src/analysis/secret-index.js';

describe('secret index', () => {
  it('answers membership exactly for a small list', () => {
    const index = new SecretIndex(buildSecretIndex(['secret', 'shhhhh', 'secret', 'ключ']));
    expect(index.size).toBe(3);
    expect(['secret', 'shhhhh', 'ключ'].every((s) => index.has(s))).toBe(true);
    expect(index.has('Secret')).toBe(false);
    expect(index.has('')).toBe(false);
  });

  it('the shipped index is built from the shipped list (rebuild: node scripts/build-secret-index.mjs)', () => {
    const list = publicSecrets();
    expect(list.size).toBe(103_781); // 103,979 lines, of which 198 repeat an earlier one
    expect(fs.readFileSync(PUBLIC_SECRETS_INDEX).equals(buildSecretIndex(list))).toBe(true);
    expect(isPublicSecret('your-256-bit-secret')).toBe(true);
    expect(isPublicSecret('!RCR#hJFp*d8nHUZ@U79vC*HndVg292phyZ#5^Xb')).toBe(true);
    expect(isPublicSecret('Tq8vN3xKp0LzR6wYb2mJc5hFd9sGa1eU')).toBe(false);
  });

  it('answers from the file by positioned reads first, then from memory, with the same answers', () => {
    const file = new SecretIndexFile(PUBLIC_SECRETS_INDEX);
    const inMemory = new SecretIndex(fs.readFileSync(PUBLIC_SECRETS_INDEX));
    const probes = ['your-256-bit-secret', 'secret', 'Tq8vN3xKp0LzR6wYb2mJc5hFd9sGa1eU', '', ...[...publicSecrets()].slice(0, 20), ...Array.from({ length: 20 }, (_, i) => `not-listed-${i}`)];
    const answers = probes.map((p) => {
      const wasLoaded = file.loaded;
      return { answer: file.has(p), wasLoaded };
    });
    expect(answers.map((a) => a.answer)).toEqual(probes.map((p) => inMemory.has(p)));
    expect(answers.filter((a) => a.answer)).toHaveLength(22);
    expect(answers.findIndex((a) => a.wasLoaded)).toBe(17); // 16 lookups in the file, then the whole file
  });
});
