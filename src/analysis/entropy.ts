/**
 * Guessing-entropy estimate for a key string, in the spirit of zxcvbn (Wheeler, USENIX Security 2016):
 * the cheapest way to describe the string as a sequence of dictionary words, repeats, sequences,
 * keyboard walks, years and brute-forced characters, found by dynamic programming. Shannon entropy
 * per character cannot tell `qwertyuiopasdfghjkl` from a random key; this can.
 *
 * It is meant to PROVE weakness (it may underrate a random key slightly, never overrate a phrase),
 * so the threshold it is compared with is the RFC 7515 §10.1 floor of 128 bits, while random
 * 32-byte keys in hex/base64 score about 256.
 */

export interface EntropyEstimate {
  bits: number;
  /** Bits the patterns saved over brute force: near 0 for random text, large for phrases. */
  saved: number;
  /** The pattern that saved the most bits, for the message ("dictionary words", "keyboard walk", …). */
  pattern: string;
}

/** Longer keys are judged on their first 256 characters: enough to prove strength or weakness. */
const MAX_CHARS = 256;
const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const UUID_BITS = 122;

interface Step {
  cost: number;
  pattern: string;
}

export class EntropyEstimator {
  private readonly words: Set<string>;
  private readonly maxWord: number;
  private readonly wordBits: number;

  constructor(words: Iterable<string>) {
    this.words = new Set([...words].map((w) => w.toLowerCase()).filter((w) => w.length > 0));
    this.maxWord = Math.max(1, ...[...this.words].map((w) => w.length));
    // A word costs the bits needed to pick it from the dictionary, not its length in characters.
    this.wordBits = Math.log2(Math.max(2, this.words.size));
  }

  estimate(value: string): EntropyEstimate {
    if (UUID.test(value)) return { bits: UUID_BITS, saved: 36 * Math.log2(69) - UUID_BITS, pattern: 'UUID' };
    const chars = [...value].slice(0, MAX_CHARS);
    const n = chars.length;
    if (n === 0) return { bits: 0, saved: 0, pattern: 'empty' };
    const brute = Math.log2(charsetSize(chars));
    const runs = patternRuns(chars);
    // best[i]: cheapest description of the first i characters, and the bits each pattern saved on the way.
    const best: { bits: number; saved: Map<string, number> }[] = [{ bits: 0, saved: new Map() }];
    for (let end = 1; end <= n; end++) {
      let choice = { bits: best[end - 1]!.bits + brute, from: end - 1, pattern: 'random' };
      for (const [start, step] of this.stepsEndingAt(runs, chars, end, brute)) {
        const bits = best[start]!.bits + step.cost;
        if (bits < choice.bits) choice = { bits, from: start, pattern: step.pattern };
      }
      const saved = new Map(best[choice.from]!.saved);
      if (choice.pattern !== 'random') {
        const gain = (end - choice.from) * brute - (choice.bits - best[choice.from]!.bits);
        saved.set(choice.pattern, (saved.get(choice.pattern) ?? 0) + gain);
      }
      best.push({ bits: choice.bits, saved });
    }
    const final = best[n]!;
    const top = [...final.saved].sort((a, b) => b[1] - a[1])[0];
    return { bits: final.bits, saved: n * brute - final.bits, pattern: top && top[1] > 0 ? top[0] : 'random characters' };
  }

  /** Every non-brute-force way to describe `chars[start, end)`, with its cost in bits. */
  private *stepsEndingAt(runs: PatternRuns, chars: string[], end: number, brute: number): Generator<[number, Step]> {
    const { lower, same, sequence, walk, text } = runs;
    for (let start = Math.max(0, end - this.maxWord); start <= end - 1; start++) {
      if (this.words.has(lower.slice(start, end))) {
        const capitalised = chars.slice(start, end).some((c) => c !== c.toLowerCase());
        yield [start, { cost: this.wordBits + (capitalised ? 1 : 0), pattern: 'dictionary words' }];
      }
    }
    const i = end - 1;
    for (let length = 3; length <= Math.min(end, MAX_RUN); length++) {
      const start = end - length;
      if (same[i]! >= length) yield [start, { cost: brute + Math.log2(length), pattern: 'repeated characters' }];
      else if (sequence[i]! >= length) yield [start, { cost: Math.log2(26) + Math.log2(length) + 1, pattern: 'a character sequence' }];
      else if (length >= 4 && walk[i]! >= length) yield [start, { cost: Math.log2(47) + Math.log2(length) + 1, pattern: 'a keyboard walk' }];
      if (2 * length <= end && text.slice(start, end) === text.slice(start - length, start)) {
        yield [start, { cost: Math.log2(length) + 1, pattern: 'repetition' }];
      }
      if (length === 4 && /^(19|20)\d\d$/.test(text.slice(start, end))) yield [start, { cost: Math.log2(200), pattern: 'a year' }];
    }
  }
}

const MAX_RUN = 64;

interface PatternRuns {
  /** The characters as a string with one code unit each (astral characters mapped), and lower-cased. */
  text: string;
  lower: string;
  /** For each index, the length of the run ending there: same character, ±1 code-point sequence, keyboard-adjacent keys. */
  same: number[];
  sequence: number[];
  walk: number[];
}

function patternRuns(chars: string[]): PatternRuns {
  const astral = new Map<string, string>();
  const text = chars.map((c) => (c.length === 1 ? c : (astral.get(c) ?? astral.set(c, String.fromCharCode(0xe000 + astral.size)).get(c)!))).join('');
  const lower = text.toLowerCase();
  const same = [1];
  const sequence = [1];
  const walk = [1];
  for (let i = 1; i < text.length; i++) {
    same.push(text[i] === text[i - 1] ? same[i - 1]! + 1 : 1);
    const step = text.charCodeAt(i) - text.charCodeAt(i - 1);
    const prevStep = i >= 2 ? text.charCodeAt(i - 1) - text.charCodeAt(i - 2) : step;
    sequence.push((step === 1 || step === -1) ? (step === prevStep ? sequence[i - 1]! + 1 : 2) : 1);
    walk.push(isAdjacentKey(lower[i - 1]!, lower[i]!) ? walk[i - 1]! + 1 : 1);
  }
  return { text, lower, same, sequence, walk };
}

function isAdjacentKey(a: string, b: string): boolean {
  return KEYBOARD_ROWS.some((row) => row.includes(a + b) || row.includes(b + a));
}

/** zxcvbn's brute-force cardinality: the size of the character classes present. */
function charsetSize(chars: string[]): number {
  const text = chars.join('');
  if (/^[0-9a-f]+$/.test(text) || /^[0-9A-F]+$/.test(text)) return 16;
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/[0-9]/.test(text)) size += 10;
  if (/[\x20-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]/.test(text)) size += 33;
  if (/[^\x00-\x7f]/.test(text)) size += 100;
  return Math.max(size, 10);
}
