/**
 * Private key material written as text: PEM private keys (PKCS#1, PKCS#8, SEC1 EC, DSA, OpenSSH,
 * encrypted PKCS#8) with a real body, and private JWKs (RSA/EC/OKP with `d`). Public keys,
 * certificates and placeholders are not private keys.
 */
import type { Node, ObjectExpression } from '@babel/types';
import { staticString } from './static-string.js';
import { propertyName } from './unwrap.js';

const PEM_PRIVATE = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----([\s\S]*?)-----END \1-----/;
/** A 1024-bit key already has a body of several hundred base64 characters; placeholders have none. */
const MIN_BODY_CHARS = 64;

export interface PemPrivateKey {
  kind: string;
}

export function findPemPrivateKey(text: string): PemPrivateKey | undefined {
  // Keys pasted from JSON or .env files often carry literal `\n` sequences instead of newlines.
  const normalised = text.includes('\\n') ? text.replace(/\\n/g, '\n') : text;
  const match = PEM_PRIVATE.exec(normalised);
  if (!match) return undefined;
  const body = match[2]!
    .split('\n')
    .filter((line) => !line.includes(':')) // RFC 1421 headers of encrypted PKCS#1 keys
    .join('')
    .replace(/\s+/g, '');
  return /^[A-Za-z0-9+/=]+$/.test(body) && body.length >= MIN_BODY_CHARS ? { kind: match[1]! } : undefined;
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
