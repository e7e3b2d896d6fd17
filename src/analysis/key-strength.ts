/**
 * First-form key-strength judgement: empty, a known default, or shorter than RFC 7518 §3.2 requires
 * for the HMAC algorithm at the sink (HS256 ≥ 32 bytes, HS384 ≥ 48, HS512 ≥ 64). Entropy and the
 * public leaked-secret lists come with the key-strength issue.
 */

export type Weakness =
  | { reason: 'empty' }
  | { reason: 'knownDefault' }
  | { reason: 'tooShort'; algorithm: string; minimum: number };

const HMAC_MINIMUM: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };

/** Lower case, separators and trailing digits removed: `Change_Me-2024` and `changeme` meet. */
export function normaliseSecret(value: string): string {
  return value.toLowerCase().replace(/[\s\-_.]+/g, '').replace(/\d+$/, '');
}

export function knownDefaultSet(list: readonly string[]): ReadonlySet<string> {
  return new Set(list.map(normaliseSecret).filter((v) => v.length > 0));
}

/**
 * The HMAC algorithm to judge length against: the weakest HS* named at the sink (fewest false
 * positives for verify calls that accept several), HS256 when none is named, none for a
 * sink configured only with asymmetric algorithms (then the key is a PEM or a KeyObject).
 */
export function hmacAlgorithm(algorithms: readonly string[]): string | undefined {
  if (algorithms.length === 0) return 'HS256';
  const hmac = algorithms.filter((a) => a in HMAC_MINIMUM).sort((a, b) => HMAC_MINIMUM[a]! - HMAC_MINIMUM[b]!);
  return hmac[0];
}

export function assessKey(
  value: string,
  byteLength: number,
  algorithms: readonly string[],
  knownDefaults: ReadonlySet<string>,
): Weakness | undefined {
  if (value.trim().length === 0 || byteLength === 0) return { reason: 'empty' };
  if (/-----BEGIN [A-Z ]*KEY-----/.test(value)) return undefined;
  const normalised = normaliseSecret(value);
  if (knownDefaults.has(normalised) || (normalised.length === 0 && value.length > 0)) return { reason: 'knownDefault' };
  const algorithm = hmacAlgorithm(algorithms);
  if (algorithm === undefined) return undefined;
  const minimum = HMAC_MINIMUM[algorithm]!;
  return byteLength < minimum ? { reason: 'tooShort', algorithm, minimum } : undefined;
}
