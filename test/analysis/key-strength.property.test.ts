/**
 * Property-based checks of the weak-key judgement (fast-check): random 32-byte keys in every
 * encoding are never weak; every known default, whatever its case, separators and trailing digits,
 * always is.
 */
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KNOWN_DEFAULT_SECRETS } from '../../rules/data/known-defaults.js';
import { STRENGTH_CHECKS } from '../../rules/jwt-weak-secret.js';
import { assessKey } from '../../src/analysis/key-strength.js';

const ENCODINGS = ['hex', 'base64', 'base64url'] as const;

describe('assessKey properties', () => {
  it('never calls a random 32-byte key weak, as text or decoded, in hex, base64 or base64url', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.constantFrom(...ENCODINGS), (bytes, encoding) => {
        const text = Buffer.from(bytes).toString(encoding);
        const asText = assessKey({ value: text, byteLength: Buffer.byteLength(text), encoding: 'utf8', algorithms: [] }, STRENGTH_CHECKS);
        const decoded = assessKey({ value: text, byteLength: 32, encoding, algorithms: ['HS256'] }, STRENGTH_CHECKS);
        expect(asText).toBeUndefined();
        expect(decoded).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('also holds for keys from the real CSPRNG', () => {
    for (let i = 0; i < 200; i++) {
      for (const encoding of ENCODINGS) {
        const text = randomBytes(32).toString(encoding);
        expect(assessKey({ value: text, byteLength: text.length, encoding: 'utf8', algorithms: [] }, STRENGTH_CHECKS), text).toBeUndefined();
      }
    }
  });

  it('calls every known default weak, with any case, separators and trailing digits', () => {
    const variant = fc
      .tuple(
        fc.constantFrom(...KNOWN_DEFAULT_SECRETS),
        fc.array(fc.boolean(), { maxLength: 120 }),
        fc.array(fc.constantFrom('', '', '', '-', '_', ' ', '.'), { maxLength: 120 }),
        fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }),
      )
      .map(([word, upper, separators, digits]) => {
        const chars = [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()));
        const key = chars.map((c, i) => c + (separators[i] ?? '')).join('') + (digits === undefined ? '' : String(digits));
        return { word, key };
      });
    fc.assert(
      fc.property(variant, ({ word, key }) => {
        const weakness = assessKey({ value: key, byteLength: Buffer.byteLength(key), encoding: 'utf8', algorithms: [] }, STRENGTH_CHECKS);
        // A default with letters is recognised as such; an all-digit one ('123456') keeps its digits
        // when normalised, so with digits appended it is judged weak by length or entropy instead.
        if (/[a-z]/i.test(word)) expect(weakness?.reason, key).toMatch(/^(knownDefault|publiclyKnown)$/);
        else expect(weakness, key).toBeDefined();
      }),
      { numRuns: 1000 },
    );
  });
});
