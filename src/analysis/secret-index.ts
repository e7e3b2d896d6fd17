/**
 * Membership in a large list of known secrets without loading the list: a sorted file of 64-bit
 * digests (the first 8 bytes of SHA-256, big-endian), read once (~0.8 MB for 104k entries) and
 * binary-searched. A false match needs a 64-bit collision (~104k / 2^64 per lookup).
 */
import { createHash } from '../util/builtins.js';
import fs from 'node:fs';

const WIDTH = 8;

export function secretDigest(secret: string): bigint {
  return createHash('sha256').update(secret, 'utf8').digest().readBigUInt64BE(0);
}

/** The index file's bytes for a list of secrets: sorted, de-duplicated digests. */
export function buildSecretIndex(secrets: Iterable<string>): Buffer {
  const digests = [...new Set([...secrets].map(secretDigest))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = Buffer.alloc(digests.length * WIDTH);
  digests.forEach((d, i) => out.writeBigUInt64BE(d, i * WIDTH));
  return out;
}

export class SecretIndex {
  constructor(private readonly bytes: Buffer) {}

  get size(): number {
    return this.bytes.length / WIDTH;
  }

  has(secret: string): boolean {
    const target = secretDigest(secret);
    let low = 0;
    let high = this.size - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const value = this.bytes.readBigUInt64BE(mid * WIDTH);
      if (value === target) return true;
      if (value < target) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}

const loaded = new Map<string, SecretIndex>();

export function loadSecretIndex(file: string): SecretIndex {
  let index = loaded.get(file);
  if (!index) {
    index = new SecretIndex(fs.readFileSync(file));
    loaded.set(file, index);
  }
  return index;
}
