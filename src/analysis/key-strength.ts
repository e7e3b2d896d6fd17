/**
 * Is a literal HMAC key weak, and why. Checks in order of severity: empty; a known default or
 * placeholder (normalised: case, separators, trailing digits); on the public list of leaked JWT
 * secrets; shorter than RFC 7518 §3.2 requires for the algorithm at the sink (HS256 ≥ 32 bytes,
 * HS384 ≥ 48, HS512 ≥ 64), counted in the bytes the library uses; below 128 bits of estimated
 * entropy (RFC 7515 §10.1), which catches long human-chosen phrases.
 */
import type { EntropyEstimator } from './entropy.js';

export type Weakness =
  | { reason: 'empty' }
  | { reason: 'knownDefault' }
  | { reason: 'publiclyKnown' }
  | { reason: 'tooShort'; algorithm: string; minimum: number }
  | { reason: 'lowEntropy'; bits: number; pattern: string };

export interface KeyToJudge {
  value: string;
  /** Bytes the library uses. */
  byteLength: number;
  /** `utf8`, or the encoding the value is decoded from (`base64`, `hex`, …). */
  encoding: string;
  /** Algorithms named at the sink. */
  algorithms: readonly string[];
}

export interface StrengthChecks {
  knownDefaults: ReadonlySet<string>;
  isPubliclyKnown(secret: string): boolean;
  entropy: EntropyEstimator;
}

export const MIN_ENTROPY_BITS = 128;
/**
 * A key is called low-entropy only when patterns explain a real part of it: a random 16-byte hex key
 * (exactly 128 bits) loses a few bits to chance patterns such as `aaa` and must not be reported.
 */
const MIN_PATTERN_SAVING_BITS = 24;
const HMAC_MINIMUM: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
const PEM = /-----BEGIN [A-Z0-9 ]*KEY-----/;

/** Lower case, separators and trailing digits removed: `Change_Me-2024` and `changeme` meet. All-digit values keep their digits. */
export function normaliseSecret(value: string): string {
  const compact = value.toLowerCase().replace(/[\s\-_.]+/g, '');
  const stem = compact.replace(/\d+$/, '');
  return stem.length > 0 ? stem : compact;
}

export function knownDefaultSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.map(normaliseSecret).filter((v) => v.length > 0));
}

/**
 * The HMAC algorithm to judge length against: the weakest HS* named at the sink (fewest false
 * positives for verify calls that accept several), HS256 when none is named, none for a sink
 * configured only with asymmetric algorithms (then the key is a PEM or a KeyObject).
 */
export function hmacAlgorithm(algorithms: readonly string[]): string | undefined {
  if (algorithms.length === 0) return 'HS256';
  const hmac = algorithms.filter((a) => a in HMAC_MINIMUM).sort((a, b) => HMAC_MINIMUM[a]! - HMAC_MINIMUM[b]!);
  return hmac[0];
}

/** The text a human chose: the decoded bytes when an encoded literal decodes to printable text. */
export function humanText(key: KeyToJudge): string {
  if (key.encoding === 'utf8' || key.encoding === 'utf-8' || !Buffer.isEncoding(key.encoding)) return key.value;
  const decoded = Buffer.from(key.value, key.encoding as BufferEncoding);
  const text = decoded.toString('utf8');
  return decoded.length > 0 && /^[\x20-\x7e]+$/.test(text) ? text : key.value;
}

export function assessKey(key: KeyToJudge, checks: StrengthChecks): Weakness | undefined {
  if (key.value.trim().length === 0 || key.byteLength === 0) return { reason: 'empty' };
  if (PEM.test(key.value)) return undefined;
  const algorithm = hmacAlgorithm(key.algorithms);
  if (algorithm === undefined) return undefined;
  const text = humanText(key);
  for (const candidate of new Set([key.value, text])) {
    const normalised = normaliseSecret(candidate);
    if (checks.knownDefaults.has(normalised)) return { reason: 'knownDefault' };
    if (checks.isPubliclyKnown(candidate)) return { reason: 'publiclyKnown' };
  }
  const minimum = HMAC_MINIMUM[algorithm]!;
  if (key.byteLength < minimum) return { reason: 'tooShort', algorithm, minimum };
  const estimate = text === key.value || key.encoding === 'utf8' ? checks.entropy.estimate(text) : encodedEstimate(key, text, checks);
  if (estimate.bits < MIN_ENTROPY_BITS && estimate.saved >= MIN_PATTERN_SAVING_BITS) {
    return { reason: 'lowEntropy', bits: Math.round(estimate.bits), pattern: estimate.pattern };
  }
  return undefined;
}

/** An encoded literal: judge the decoded text when it is text, else the random bytes it carries. */
function encodedEstimate(key: KeyToJudge, text: string, checks: StrengthChecks): { bits: number; saved: number; pattern: string } {
  if (text !== key.value) return checks.entropy.estimate(text);
  const estimate = checks.entropy.estimate(key.value);
  return { ...estimate, bits: Math.min(estimate.bits, key.byteLength * 8) };
}
