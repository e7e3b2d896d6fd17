/**
 * Membership in a large list of known secrets without loading the list: a sorted file of 64-bit
 * digests (the first 8 bytes of SHA-256, big-endian; ~0.8 MB for 104k entries), binary-searched in
 * the file for the first few lookups and in memory after. A false match needs a 64-bit collision
 * (~104k / 2^64 per lookup).
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

/** Membership of a secret in a list. */
export interface SecretLookup {
  has(secret: string): boolean;
}

/** An index held in memory. */
export class SecretIndex implements SecretLookup {
  constructor(private readonly bytes: Buffer) {}

  get size(): number {
    return this.bytes.length / WIDTH;
  }

  has(secret: string): boolean {
    return contains(this.size, (i) => this.bytes.readBigUInt64BE(i * WIDTH), secretDigest(secret));
  }
}

/**
 * How many lookups a process answers from the index file by positioned reads (17 reads of 8 bytes
 * each) before it reads the file whole: a pre-commit scan asks a handful, and reading 0.8 MB into
 * fresh memory costs ~2.5 ms on a small virtual machine (a page fault per 4 KiB).
 */
const FILE_LOOKUPS = 16;

/** An index file: searched in place for the first lookups, then read into memory. */
export class SecretIndexFile implements SecretLookup {
  private inMemory: SecretIndex | undefined;
  private lookups = 0;

  constructor(private readonly file: string) {}

  /** Whether the file has been read whole (after FILE_LOOKUPS lookups). */
  get loaded(): boolean {
    return this.inMemory !== undefined;
  }

  has(secret: string): boolean {
    if (!this.inMemory && ++this.lookups > FILE_LOOKUPS) this.inMemory = new SecretIndex(fs.readFileSync(this.file));
    if (this.inMemory) return this.inMemory.has(secret);
    const fd = fs.openSync(this.file, 'r');
    try {
      const slot = Buffer.alloc(WIDTH);
      const digestAt = (i: number) => {
        if (fs.readSync(fd, slot, 0, WIDTH, i * WIDTH) !== WIDTH) throw new Error(`${this.file}: unexpected end of file`);
        return slot.readBigUInt64BE(0);
      };
      return contains(Math.floor(fs.fstatSync(fd).size / WIDTH), digestAt, secretDigest(secret));
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** Binary search of `count` sorted digests. */
function contains(count: number, digestAt: (i: number) => bigint, target: bigint): boolean {
  let low = 0;
  let high = count - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const value = digestAt(mid);
    if (value === target) return true;
    if (value < target) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

const loaded = new Map<string, SecretIndexFile>();

export function loadSecretIndex(file: string): SecretLookup {
  let index = loaded.get(file);
  if (!index) {
    index = new SecretIndexFile(file);
    loaded.set(file, index);
  }
  return index;
}
