import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HmacSha256KeySet } from '../../src/analysis/hmac-sha256-keyset.js';

/** Keys around the 64-byte block (longer keys are hashed first), multi-byte UTF-8, and the empty key. */
const KEYS = ['', 'a', 'secret', 'Jefe', 'ключ-подписи', '🔑'.repeat(16), 'k'.repeat(63), 'k'.repeat(64), 'k'.repeat(65), 'x'.repeat(200), randomBytes(24).toString('base64')];
/** Messages whose padding falls on each side of a block boundary (55/56 bytes, 64, 119/120). */
const LENGTHS = [0, 1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200, 1000];

describe('HmacSha256KeySet', () => {
  const set = new HmacSha256KeySet(KEYS);

  it('finds exactly the key node:crypto says signs the message, at every length', () => {
    for (const length of LENGTHS) {
      const message = randomBytes(length);
      KEYS.forEach((key, index) => {
        const mac = createHmac('sha256', key).update(message).digest();
        // The first key with that MAC: keys are distinct here, so it is this one.
        expect(set.findKey(message, mac), `key #${index}, ${length}-byte message`).toBe(index);
      });
    }
  });

  it('says -1 for a MAC no key produces, and for a MAC of the wrong size', () => {
    const message = Buffer.from('eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0', 'ascii');
    expect(set.findKey(message, createHmac('sha256', 'not in the set').update(message).digest())).toBe(-1);
    const mac = createHmac('sha256', 'secret').update(message).digest();
    expect(set.findKey(message, mac)).toBe(KEYS.indexOf('secret'));
    expect(set.findKey(message, mac.subarray(0, 31))).toBe(-1);
    expect(set.findKey(message, createHmac('sha384', 'secret').update(message).digest())).toBe(-1);
  });

  it('agrees with RFC 4231 test case 2', () => {
    const rfc = new HmacSha256KeySet(['Jefe']);
    const mac = Buffer.from('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843', 'hex');
    expect(rfc.findKey(Buffer.from('what do ya want for nothing?'), mac)).toBe(0);
  });
});
