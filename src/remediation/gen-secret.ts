/**
 * `jwtscan gen-secret`: a signing key made the way the rules ask for one. node:crypto's CSPRNG only;
 * HMAC keys as long as their hash (RFC 7518 section 3.2), RSA of 2048 bits (3072 for RS384, RS512 and PS*),
 * EC keys on the algorithm's curve, Ed25519 for EdDSA. The key is returned as text for stdout or a
 * file the caller creates; nothing here writes anywhere.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export const GEN_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const GEN_FORMATS = ['env', 'base64url', 'base64', 'hex', 'jwk', 'pem'] as const;

export type GenAlgorithm = (typeof GEN_ALGORITHMS)[number];
export type GenFormat = (typeof GEN_FORMATS)[number];

export class GenSecretError extends Error {}

const HMAC_BYTES: Partial<Record<GenAlgorithm, number>> = { HS256: 32, HS384: 48, HS512: 64 };
const EC_CURVES: Partial<Record<GenAlgorithm, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

export interface GenSecretOptions {
  alg: GenAlgorithm;
  format: GenFormat;
  /** The variable name for `env` (default JWT_SECRET, or JWT_PRIVATE_KEY for a key pair). */
  name?: string;
}

/** The key, formatted; ends with a newline. */
export function generateSecret(options: GenSecretOptions): string {
  const bytes = HMAC_BYTES[options.alg];
  return bytes !== undefined ? formatHmac(randomBytes(bytes), options) : formatPair(generatePair(options.alg), options);
}

function formatHmac(key: Buffer, { alg, format, name }: GenSecretOptions): string {
  switch (format) {
    case 'env':
      return `${name ?? 'JWT_SECRET'}=${key.toString('base64url')}\n`;
    case 'base64url':
    case 'base64':
    case 'hex':
      return `${key.toString(format)}\n`;
    case 'jwk':
      return `${JSON.stringify({ kty: 'oct', k: key.toString('base64url'), alg, use: 'sig' }, null, 2)}\n`;
    case 'pem':
      throw new GenSecretError(`an ${alg} key is a shared secret and has no PEM form: use --format env, base64url, base64, hex or jwk`);
  }
}

function generatePair(alg: GenAlgorithm): { privateKey: KeyObject; publicKey: KeyObject } {
  if (alg === 'EdDSA') return generateKeyPairSync('ed25519');
  const curve = EC_CURVES[alg];
  if (curve) return generateKeyPairSync('ec', { namedCurve: curve });
  // RS384/RS512 and RSA-PSS keys at 3072 bits (NIST SP 800-57: 128-bit strength); RS256 at 2048 (the RFC 7518 minimum).
  return generateKeyPairSync('rsa', { modulusLength: alg === 'RS256' ? 2048 : 3072 });
}

function formatPair({ privateKey, publicKey }: { privateKey: KeyObject; publicKey: KeyObject }, { alg, format, name }: GenSecretOptions): string {
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  switch (format) {
    case 'pem':
      return `${privatePem}${publicPem}`;
    case 'jwk': {
      const jwk = (key: KeyObject) => ({ ...key.export({ format: 'jwk' }), alg, use: 'sig' });
      return `${JSON.stringify({ privateKey: jwk(privateKey), publicKey: jwk(publicKey) }, null, 2)}\n`;
    }
    case 'env': {
      const privateName = name ?? 'JWT_PRIVATE_KEY';
      const publicName = /PRIVATE/.test(privateName) ? privateName.replace('PRIVATE', 'PUBLIC') : `${privateName}_PUBLIC`;
      // Double-quoted with \n escapes: one line each, as dotenv and most secret stores read them.
      const quoted = (pem: string) => `"${pem.trim().replace(/\n/g, '\\n')}"`;
      return `${privateName}=${quoted(privatePem)}\n${publicName}=${quoted(publicPem)}\n`;
    }
    default:
      throw new GenSecretError(`--format ${format} is for HMAC keys; an ${alg} key pair is written as pem, jwk or env`);
  }
}
