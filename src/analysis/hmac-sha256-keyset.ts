/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4 SHA-256) of one message under each key of a large fixed set,
 * for testing an HS256 token against the public list of leaked JWT secrets.
 *
 * Why not `createHmac` per key: an HMAC starts by hashing one block derived from the key (inner) and
 * ends with another (outer). Those two hash states depend on the key alone, so they are computed once
 * per key and kept (64 bytes per key); each token then costs only its own message blocks plus one
 * outer block per key, with no object allocated per key. Node's crypto cannot resume a hash from a
 * saved state, hence the compression function here. Measured on 103,979 keys: about 4× faster than
 * `createHmac` per key (see the commit introducing this file). Tests compare every result with
 * `node:crypto`.
 *
 * Not constant-time: it compares MACs of *public* keys, so there is no secret to leak by timing.
 */
import { createHash } from '../util/builtins.js';

const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const INITIAL = new Int32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const BLOCK = 64;

/** Scratch for the message schedule, reused by every compression. */
const W = new Int32Array(64);

/** The 64-word message schedule of the 16 words of `words` from `from`, into `out` at `to`. */
function schedule(words: Int32Array, from: number, out: Int32Array, to: number): void {
  for (let t = 0; t < 16; t++) out[to + t] = words[from + t]!;
  for (let t = 16; t < 64; t++) {
    const w15 = out[to + t - 15]!;
    const w2 = out[to + t - 2]!;
    const s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
    const s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
    out[to + t] = (out[to + t - 16]! + s0 + out[to + t - 7]! + s1) | 0;
  }
}

/** One SHA-256 compression: `state` (8 words at `at`) absorbs the block whose schedule is `w` at `from`. */
function compress(state: Int32Array, at: number, w: Int32Array, from: number): void {
  let a = state[at]!;
  let b = state[at + 1]!;
  let c = state[at + 2]!;
  let d = state[at + 3]!;
  let e = state[at + 4]!;
  let f = state[at + 5]!;
  let g = state[at + 6]!;
  let h = state[at + 7]!;
  for (let t = 0; t < 64; t++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (h + S1 + ch + K[t]! + w[from + t]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  state[at] = (state[at]! + a) | 0;
  state[at + 1] = (state[at + 1]! + b) | 0;
  state[at + 2] = (state[at + 2]! + c) | 0;
  state[at + 3] = (state[at + 3]! + d) | 0;
  state[at + 4] = (state[at + 4]! + e) | 0;
  state[at + 5] = (state[at + 5]! + f) | 0;
  state[at + 6] = (state[at + 6]! + g) | 0;
  state[at + 7] = (state[at + 7]! + h) | 0;
}

/** `bytes` as SHA-256 input following `prefixBlocks` full blocks: big-endian words, padded, length in bits last. */
function paddedWords(bytes: Uint8Array, prefixBlocks: number): Int32Array {
  const blocks = Math.ceil((bytes.length + 9) / BLOCK);
  const padded = new Uint8Array(blocks * BLOCK);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const bits = (prefixBlocks * BLOCK + bytes.length) * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bits / 2 ** 32));
  view.setUint32(padded.length - 4, bits >>> 0);
  const words = new Int32Array(padded.length / 4);
  for (let i = 0; i < words.length; i++) words[i] = view.getInt32(i * 4);
  return words;
}

export class HmacSha256KeySet {
  /** Per key, 16 words: the state after the inner pad block, then after the outer pad block. */
  private readonly states: Int32Array;
  readonly size: number;

  constructor(keys: readonly string[]) {
    this.size = keys.length;
    this.states = new Int32Array(keys.length * 16);
    const block = Buffer.alloc(BLOCK * 4); // room for any key of up to 64 UTF-8 bytes (longer ones are hashed)
    const pads = new Int32Array(16);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]!;
      block.fill(0, 0, BLOCK);
      const length = Buffer.byteLength(key, 'utf8');
      if (length > BLOCK) createHash('sha256').update(key, 'utf8').digest().copy(block);
      else block.write(key, 0, 'utf8');
      for (let half = 0; half < 2; half++) {
        const pad = half === 0 ? 0x36363636 : 0x5c5c5c5c;
        for (let i = 0; i < 16; i++) pads[i] = block.readInt32BE(i * 4) ^ pad;
        const at = k * 16 + half * 8;
        this.states.set(INITIAL, at);
        schedule(pads, 0, W, 0);
        compress(this.states, at, W, 0);
      }
    }
  }

  /** Index of the first key whose HMAC-SHA256 of `message` equals `mac`, or -1. */
  findKey(message: Uint8Array, mac: Uint8Array): number {
    if (mac.length !== 32) return -1;
    const expected = new DataView(mac.buffer, mac.byteOffset, 32);
    const e0 = expected.getInt32(0);
    // The message blocks are the same under every key, so their schedules are expanded once.
    const words = paddedWords(message, 1);
    const blocks = words.length / 16;
    const inner = new Int32Array(blocks * 64);
    for (let b = 0; b < blocks; b++) schedule(words, b * 16, inner, b * 64);
    // The outer input is the 32-byte inner digest after one pad block: 8 words, then fixed padding.
    const outer = new Int32Array(16);
    outer[8] = 0x80000000 | 0;
    outer[15] = (BLOCK + 32) * 8;
    const state = new Int32Array(8);
    for (let k = 0; k < this.size; k++) {
      state.set(this.states.subarray(k * 16, k * 16 + 8));
      for (let b = 0; b < blocks; b++) compress(state, 0, inner, b * 64);
      outer.set(state, 0);
      state.set(this.states.subarray(k * 16 + 8, k * 16 + 16));
      schedule(outer, 0, W, 0);
      compress(state, 0, W, 0);
      if (state[0] !== e0) continue;
      let equal = true;
      for (let i = 1; i < 8 && equal; i++) equal = state[i] === expected.getInt32(i * 4);
      if (equal) return k;
    }
    return -1;
  }
}
