/**
 * Names that say "JWT signing key" (jwt-secret-by-name). Matched on identifiers and property names
 * with case and separators removed (`JWT_SECRET`, `jwtSecret`, `jwt-secret` are all `jwtsecret`).
 */

/** Whole normalised names. */
export const JWT_SECRET_NAMES: ReadonlySet<string> = new Set([
  'secretorkey',
  'secretorprivatekey',
  'tokensecret',
  'accesstokensecret',
  'refreshtokensecret',
  'accesssecret',
  'refreshsecret',
  'authsecret',
  'nextauthsecret',
  'authjwtsecret',
  // LoopBack 4 @loopback/authentication-jwt: TokenServiceConstants.TOKEN_SECRET_VALUE
  'tokensecretvalue',
]);

/** Normalised names containing `jwt` and ending with one of these are JWT key names (`jwtSecret`, `JWT_SIGNING_KEY`). */
export const JWT_NAME_ENDINGS: readonly string[] = ['secret', 'secretkey', 'key', 'signingkey', 'signkey', 'privatekey', 'hmackey', 'hmacsecret', 'sharedsecret'];

/**
 * Key-like property names that count when the object they sit in is named for JWT
 * (`jwt: { secret }`, `const jwtConstants = { secret }`, `registerAs('jwt', () => ({ secret }))`).
 */
export const KEY_PROPERTY_NAMES: ReadonlySet<string> = new Set(['secret', 'key', 'secretkey', 'signingkey', 'privatekey', 'accesssecret', 'refreshsecret']);

/** Names that hold something about a key, not the key (`jwtSecretName`, `JWT_KEY_PATH`, `jwtKeyId`). */
export const NOT_KEY_SUFFIXES: readonly string[] = [
  'name', 'env', 'var', 'variable', 'path', 'file', 'filename', 'url', 'uri', 'arn', 'id', 'ref', 'length', 'size', 'header',
  'field', 'param', 'cookie', 'expiresin', 'expiry', 'ttl', 'algorithm', 'alg', 'type', 'version', 'provider', 'location',
];

/**
 * Prefilter: every name above contains one of these once normalised; the raw source is matched
 * case-insensitively, so separators matter (`token_secret` and `tokenSecret` are both listed).
 */
export const JWT_NAME_KEYWORDS: readonly string[] = [
  'jwt',
  'secretorkey',
  'secretorprivatekey',
  'tokensecret',
  'token_secret',
  'token-secret',
  'accesssecret',
  'access_secret',
  'refreshsecret',
  'refresh_secret',
  'authsecret',
  'auth_secret',
];
