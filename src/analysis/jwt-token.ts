/**
 * Compact JWS tokens inside strings, and offline proof that an HS* token was signed with a given key
 * (RFC 7515 §5.2: the MAC over the ASCII of `header.payload` as written, compared in constant time).
 */
import { builtins } from '../util/builtins.js';

export interface FoundToken {
  /** Offsets of the token inside the string. */
  start: number;
  end: number;
  alg: string;
  /** `header.payload` exactly as written: the signing input. */
  signingInput: string;
  signature: Buffer;
  /** `exp` claim in seconds, when the payload is JSON with a numeric `exp`. */
  exp?: number;
}

// Three base64url segments; the header of a JSON object always starts `eyJ` (`{"`) or `eyA` (`{ `).
const CANDIDATE = /(?<![A-Za-z0-9_\-.])ey[JA][A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*(?![A-Za-z0-9_\-.])/g;
/** The same shape, for a keyword check over a file's text: a file without a match holds no token findTokens() finds. */
export const TOKEN_IN_TEXT = new RegExp(CANDIDATE.source);
const HMAC_HASH: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function findTokens(text: string): FoundToken[] {
  const out: FoundToken[] = [];
  // Every string literal of a file is asked; the pattern's look-behind makes a miss cost more than this.
  if (!text.includes('eyJ') && !text.includes('eyA')) return out;
  for (const match of text.matchAll(CANDIDATE)) {
    const [header, payload, signature] = match[0].split('.') as [string, string, string];
    const head = decodeJson(header);
    // A JWE header names `enc`; its compact form has five parts and is excluded by the pattern anyway.
    if (!head || typeof head.alg !== 'string' || 'enc' in head) continue;
    // The header is attacker-controlled text that ends up in messages: only a plain algorithm name.
    if (!/^[A-Za-z0-9+_-]{1,32}$/.test(head.alg)) continue;
    // Half-built tokens (`h.p.` or `h.p.${sig}`) are not credentials; unsigned ones say so in the header.
    if (signature === '' && head.alg.toLowerCase() !== 'none') continue;
    const claims = decodeJson(payload);
    out.push({
      start: match.index,
      end: match.index + match[0].length,
      alg: head.alg,
      signingInput: `${header}.${payload}`,
      signature: Buffer.from(signature, 'base64url'),
      ...(claims && typeof claims.exp === 'number' ? { exp: claims.exp } : {}),
    });
  }
  return out;
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function isHmacToken(token: FoundToken): boolean {
  return token.alg in HMAC_HASH && token.signature.length > 0;
}

/** The first candidate key whose HMAC over the signing input equals the token's signature. */
export function findSigningKey<K extends string | Buffer>(token: FoundToken, candidates: Iterable<K>): K | undefined {
  const hash = HMAC_HASH[token.alg];
  if (!hash || token.signature.length === 0) return undefined;
  const input = Buffer.from(token.signingInput, 'ascii');
  for (const key of candidates) {
    const mac = builtins.crypto().createHmac(hash, key).update(input).digest();
    if (mac.length === token.signature.length && builtins.crypto().timingSafeEqual(mac, token.signature)) return key;
  }
  return undefined;
}
