/**
 * Private key material written as text: PEM private keys (PKCS#1, PKCS#8, SEC1 EC, DSA, OpenSSH,
 * encrypted PKCS#8) with a real body, and private JWKs (RSA/EC/OKP with `d`). Public keys,
 * certificates and placeholders are not private keys.
 */
import type { Node, ObjectExpression } from '@babel/types';
import { staticString } from './static-string.js';
import { propertyName } from './unwrap.js';

const PEM_HEADER = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----/g;
/** Headers looked at per string: bounds the work on text that repeats headers without bodies. */
const MAX_HEADERS = 16;
/** A 1024-bit key already has a body of several hundred base64 characters; placeholders have none. */
const MIN_BODY_CHARS = 64;

export interface PemPrivateKey {
  kind: string;
}

export function findPemPrivateKey(text: string): PemPrivateKey | undefined {
  if (!text.includes('PRIVATE KEY-----')) return undefined;
  // Keys pasted from JSON or .env files often carry literal `\n` sequences instead of newlines.
  const normalised = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
  let seen = 0;
  for (const header of normalised.matchAll(PEM_HEADER)) {
    if (++seen > MAX_HEADERS) break;
    const kind = header[1]!;
    const bodyStart = header.index + header[0].length;
    const end = normalised.indexOf(`-----END ${kind}-----`, bodyStart);
    if (end < 0) continue;
    const body = normalised
      .slice(bodyStart, end)
      .split('\n')
      .filter((line) => !line.includes(':')) // RFC 1421 headers of encrypted PKCS#1 keys
      .join('')
      .replace(/\s+/g, '');
    if (/^[A-Za-z0-9+/=]+$/.test(body) && body.length >= MIN_BODY_CHARS) return { kind };
  }
  return undefined;
}

const PRIVATE_JWK_TYPES = new Set(['RSA', 'EC', 'OKP']);

/** The `d` value node of an object literal that is a private asymmetric JWK. */
export function privateJwkD(object: ObjectExpression): { node: Node; value: string; kty: string } | undefined {
  let kty: string | undefined;
  let d: { node: Node; value: string } | undefined;
  for (const prop of object.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const name = propertyName(prop.key, prop.computed);
    const value = staticString(prop.value);
    if (name === 'kty' && value !== undefined) kty = value;
    if (name === 'd' && value !== undefined && /^[A-Za-z0-9_-]{16,}$/.test(value)) d = { node: prop.value, value };
  }
  return kty !== undefined && PRIVATE_JWK_TYPES.has(kty) && d ? { ...d, kty } : undefined;
}
