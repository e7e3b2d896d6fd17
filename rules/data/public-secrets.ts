import path from 'node:path';
import { loadSecretIndex } from '../../src/analysis/secret-index.js';
import { HmacSha256KeySet } from '../../src/analysis/hmac-sha256-keyset.js';
import { loadLineSet } from '../../src/analysis/secret-list.js';
import { packageInfo } from '../../src/version.js';

/** 103,979 JWT secrets published in tutorials, docs and public repositories (wallarm/jwt-secrets, MIT; see known-jwt-secrets/). */
const DIR = path.join(packageInfo().root, 'rules/data/known-jwt-secrets');
export const PUBLIC_SECRETS_FILE = path.join(DIR, 'jwt.secrets.list.gz');
/** Digest index of the same list, for membership checks (built by scripts/build-secret-index.mjs). */
export const PUBLIC_SECRETS_INDEX = path.join(DIR, 'jwt.secrets.index.bin');

/** Is the key on the public list? Searches the 0.8 MB index in place, and reads it whole after a few lookups. */
export function isPublicSecret(secret: string): boolean {
  return loadSecretIndex(PUBLIC_SECRETS_INDEX).has(secret);
}

/** The keys themselves, for verifying token signatures; decompressed on first use (about 0.1 s). */
export function publicSecrets(): ReadonlySet<string> {
  return loadLineSet(PUBLIC_SECRETS_FILE);
}

let hmacSha256: HmacSha256KeySet | undefined;

/** The same keys prepared for HS256 checks (two hash states per key, about 0.15 s once; 6.6 MB). */
export function publicSecretsForHs256(): HmacSha256KeySet {
  hmacSha256 ??= new HmacSha256KeySet([...publicSecrets()]);
  return hmacSha256;
}
