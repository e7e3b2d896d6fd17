import path from 'node:path';
import { loadLineSet } from '../../src/analysis/secret-list.js';
import { packageInfo } from '../../src/version.js';

/** 103,979 JWT secrets published in tutorials, docs and public repositories (wallarm/jwt-secrets, MIT; see known-jwt-secrets/). */
export const PUBLIC_SECRETS_FILE = path.join(packageInfo().root, 'rules/data/known-jwt-secrets/jwt.secrets.list.gz');

/** Loaded on first use only. */
export function publicSecrets(): ReadonlySet<string> {
  return loadLineSet(PUBLIC_SECRETS_FILE);
}
