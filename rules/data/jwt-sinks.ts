/**
 * Where key material enters each JWT library: data read by the rules, never by the engine.
 *
 * A sink is a function or constructor reached from a module's exports (`export` is the property path
 * from the module namespace; `[]` is the module itself, i.e. a CommonJS callable default export), and
 * the argument (and, for options objects, the property path inside it) that carries the key.
 * Sources: ../shared/reference/jwt-libraries.md §1–2 (library sources read at the commits listed there).
 * To add a library: one entry here plus a fixture in test/fixtures/rules/ with a true positive and a
 * near-miss on the same call shape.
 */

import { withConfigSinks, type ClassMixin, type JwtSink, type KeyPosition, type KeyProvider, type SinkCatalogue } from '../../src/analysis/sink-catalogue.js';
import type { RuleSettings } from '../../src/rule.js';

/** Key functions (see `KeyProvider`): the key is what the function returns (awaited), or what it passes its callback. */
const RETURNS: KeyProvider = { returns: 'value' };
const CALLBACK: KeyProvider = { callback: true };
const FAST_JWT_KEY_FUNCTION: KeyProvider = { returns: 'promise', callback: true };

export const JWT_SINKS: readonly JwtSink[] = [
  // jsonwebtoken 9: sign(payload, secretOrPrivateKey, [options, callback]); verify(token, secretOrPublicKey, [options, callback]);
  // an asynchronous verify also takes a function (header, callback) that calls callback(err, key)
  { module: 'jsonwebtoken', export: ['sign'], kind: 'call', keys: [{ arg: 1 }, { arg: 1, property: ['key'] }], algorithm: { arg: 2, property: ['algorithm'] } },
  { module: 'jsonwebtoken', export: ['verify'], kind: 'call', keys: [{ arg: 1, provider: CALLBACK }], algorithm: { arg: 2, property: ['algorithms'] } },
  // jws 4: sign({ header, payload, secret | privateKey }), verify(signature, algorithm, secretOrKey), createSign/createVerify({ key | secret | ... })
  { module: 'jws', export: ['sign'], kind: 'call', keys: props(0, ['secret', 'privateKey', 'key']), algorithm: { arg: 0, property: ['header', 'alg'] } },
  { module: 'jws', export: ['verify'], kind: 'call', keys: [{ arg: 2 }], algorithm: { arg: 1 } },
  { module: 'jws', export: ['createSign'], kind: 'call', keys: props(0, ['secret', 'privateKey', 'key']), algorithm: { arg: 0, property: ['header', 'alg'] } },
  { module: 'jws', export: ['createVerify'], kind: 'call', keys: props(0, ['secret', 'publicKey', 'key']), algorithm: { arg: 0, property: ['algorithm'] } },
  // jwt-simple 0.5: encode(payload, key, [alg]), decode(token, key, [noVerify], [alg])
  { module: 'jwt-simple', export: ['encode'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  { module: 'jwt-simple', export: ['decode'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 3 }, noVerifyArg: 2 },
  // njwt 2: create(claims, secret, [alg]), verify(token, key, [alg]), createVerifier().setSigningKey(key), new Jwt(c).setSigningKey(key);
  // a verifier's withKeyResolver / setKeyResolver((kid, cb) => cb(err, key)) resolves the key per token
  { module: 'njwt', export: ['create'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  { module: 'njwt', export: ['verify'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  { module: 'njwt', export: ['createVerifier'], kind: 'call', method: 'setSigningKey', keys: [{ arg: 0 }] },
  ...['withKeyResolver', 'setKeyResolver'].flatMap((method): JwtSink[] => [
    { module: 'njwt', export: ['createVerifier'], kind: 'call', method, keys: [{ arg: 0, provider: { ...CALLBACK, only: true } }] },
    { module: 'njwt', export: ['Verifier'], kind: 'new', method, keys: [{ arg: 0, provider: { ...CALLBACK, only: true } }] },
  ]),
  { module: 'njwt', export: ['Jwt'], kind: 'new', method: 'setSigningKey', keys: [{ arg: 0 }] },
  // fast-jwt 6: createSigner({ key, algorithm }), createVerifier({ key, algorithms }); a key function is called with
  // (decoded, callback): the key is what it passes callback or what its promise resolves to (a plain return is ignored: src/utils.js getAsyncKey)
  {
    module: 'fast-jwt',
    export: ['createSigner'],
    kind: 'call',
    keys: [{ arg: 0, property: ['key'], provider: FAST_JWT_KEY_FUNCTION }, { arg: 0, property: ['key', 'key'] }],
    algorithm: { arg: 0, property: ['algorithm'] },
  },
  { module: 'fast-jwt', export: ['createVerifier'], kind: 'call', keys: [{ arg: 0, property: ['key'], provider: FAST_JWT_KEY_FUNCTION }], algorithm: { arg: 0, property: ['algorithms'] } },
  // express-jwt <= 6: default export jwt({ secret, algorithms }), secret may be (req, [header,] payload, done) => done(err, key);
  // >= 7: named export expressjwt, secret may be (req, token) => key | Promise<key>
  { module: 'express-jwt', export: [], kind: 'call', keys: [{ arg: 0, property: ['secret'], provider: CALLBACK }], algorithm: { arg: 0, property: ['algorithms'] } },
  { module: 'express-jwt', export: ['expressjwt'], kind: 'call', keys: [{ arg: 0, property: ['secret'], provider: RETURNS }], algorithm: { arg: 0, property: ['algorithms'] } },
  // koa-jwt 4: jwt({ secret }) - string, Buffer, an array of them or (header, payload) => key | Promise<key>; its `key` option is a
  // ctx.state name, not key material. An earlier middleware's ctx.state.secret replaces opts.secret (lib/index.js).
  {
    module: 'koa-jwt',
    export: [],
    kind: 'call',
    keys: [{ arg: 0, property: ['secret'], provider: RETURNS }, { arg: 0, assignedTo: ['state', 'secret'] }],
    algorithm: { arg: 0, property: ['algorithms'] },
  },
  // passport-jwt 4: new Strategy({ secretOrKey | secretOrKeyProvider: (request, rawJwtToken, done) => done(err, key), ... }, verify)
  {
    module: 'passport-jwt',
    export: ['Strategy'],
    kind: 'new',
    keys: [{ arg: 0, property: ['secretOrKey'] }, { arg: 0, property: ['secretOrKeyProvider'], provider: { ...CALLBACK, only: true } }],
    algorithm: { arg: 0, property: ['algorithms'] },
  },
  // @nestjs/jwt: JwtModule.register(options), registerAsync({ useFactory }) (the options it returns), new JwtService(options),
  // jwtService.sign/signAsync/verify/verifyAsync(x, { secret | privateKey | publicKey }); secretOrPrivateKey is the deprecated alias
  { module: '@nestjs/jwt', export: ['JwtModule', 'register'], kind: 'call', keys: nestKeys(0, []), algorithm: { arg: 0, property: ['signOptions', 'algorithm'] } },
  // (registerAsync also takes a class, `useClass` or `useExisting`, whose createJwtOptions() returns the options)
  {
    module: '@nestjs/jwt',
    export: ['JwtModule', 'registerAsync'],
    kind: 'call',
    keys: [...nestKeys(0, ['useFactory', '()']), ...nestKeys(0, ['useClass', 'createJwtOptions()']), ...nestKeys(0, ['useExisting', 'createJwtOptions()'])],
    algorithm: { arg: 0, property: ['useFactory', '()', 'signOptions', 'algorithm'] },
  },
  { module: '@nestjs/jwt', export: ['JwtService'], kind: 'new', keys: nestKeys(0, []), algorithm: { arg: 0, property: ['signOptions', 'algorithm'] } },
  ...['sign', 'signAsync'].map((method): JwtSink => ({ module: '@nestjs/jwt', export: ['JwtService'], kind: 'instance', method, keys: props(1, ['secret', 'privateKey']), algorithm: { arg: 1, property: ['algorithm'] } })),
  ...['verify', 'verifyAsync'].map((method): JwtSink => ({ module: '@nestjs/jwt', export: ['JwtService'], kind: 'instance', method, keys: props(1, ['secret', 'publicKey']), algorithm: { arg: 1, property: ['algorithms'] } })),
  // @fastify/jwt 10: fastify.register(jwt, { secret: string | { private, public }, sign: { key }, verify: { key } }); fastify.jwt.sign(p, { key })
  {
    module: '@fastify/jwt',
    export: [],
    kind: 'plugin',
    method: 'register',
    keys: [
      ...props(1, ['secret']),
      { arg: 1, property: ['secret', 'private'] },
      { arg: 1, property: ['secret', 'private', 'key'] },
      { arg: 1, property: ['sign', 'key'] },
      { arg: 1, property: ['verify', 'key'] },
    ],
    algorithm: { arg: 1, property: ['sign', 'algorithm'] },
  },
  ...['sign', 'verify'].map((method): JwtSink => ({ library: '@fastify/jwt', module: '@fastify/jwt', export: [], kind: 'member', callee: ['jwt', method], keys: props(1, ['key']) })),
  // hapi-auth-jwt2 (`key`) and @hapi/jwt (`keys`: a secret, { key, algorithms }, or an array) register the 'jwt' scheme
  {
    library: 'hapi-auth-jwt2 / @hapi/jwt',
    module: 'hapi',
    export: [],
    kind: 'member',
    callee: ['auth', 'strategy'],
    when: { arg: 1, equals: 'jwt' },
    keys: [2, 3].flatMap((arg): KeyPosition[] => [{ arg, property: ['key'] }, { arg, property: ['keys'] }, { arg, property: ['keys', 'key'] }]),
    algorithm: { arg: 2, property: ['verifyOptions', 'algorithms'] },
  },
  // @hapi/jwt 3: Jwt.token.generate(payload, secret, [opts]), verify(artifacts, secret), verifySignature(artifacts, secret), signature.generate(value, alg, key)
  ...['generate', 'verify', 'verifySignature'].map((name): JwtSink => ({ module: '@hapi/jwt', export: ['token', name], kind: 'call', keys: [{ arg: 1 }, { arg: 1, property: ['key'] }], algorithm: { arg: 1, property: ['algorithm'] } })),
  ...['generate', 'verify'].map((name): JwtSink => ({ module: '@hapi/jwt', export: ['token', 'signature', name], kind: 'call', keys: [{ arg: 2 }], algorithm: { arg: 1 } })),
  // @elysiajs/jwt 1.x (renamed @elysia/jwt): jwt({ name, secret, alg })
  { module: '@elysiajs/jwt', export: ['jwt'], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['alg'] } },
  { module: '@elysiajs/jwt', export: [], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['alg'] } },
  { module: '@elysia/jwt', export: ['jwt'], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['alg'] } },
  // hono 4: hono/jwt sign(payload, key, [alg]), verify(token, key, alg | { alg }), jwt({ secret, alg }); hono/utils/jwt Jwt.sign/verify
  ...honoSinks('hono/jwt', []),
  ...honoSinks('hono/utils/jwt', ['Jwt']),
  ...honoSinks('hono/utils/jwt/jwt', []),
  { library: 'hono', module: 'hono/jwt', export: ['jwt'], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['alg'] } },
  // @tsndr/cloudflare-worker-jwt 3: sign(payload, secret, [alg | options]), verify(token, secret, [alg | options]); default export or
  // named (a `default` step is dropped when matching). Strings become bytes one per UTF-16 unit (src/utils.ts), not UTF-8.
  ...['sign', 'verify'].map((name): JwtSink => ({ module: '@tsndr/cloudflare-worker-jwt', export: [name], kind: 'call', keys: [{ arg: 1, encoding: 'charcodes' }], algorithm: { arg: 2, property: ['algorithm'] } })),
  // next-auth v4 / v5 and Auth.js: NextAuth({ secret, jwt: { secret } }), next-auth/jwt encode/decode/getToken({ secret }), @auth/core Auth(req, { secret })
  // (v4 also takes NextAuth(req, res, options) in API routes)
  {
    library: 'next-auth',
    module: 'next-auth',
    export: [],
    kind: 'call',
    keys: [0, 2].flatMap((arg): KeyPosition[] => [{ arg, property: ['secret'] }, { arg, property: ['jwt', 'secret'] }]),
  },
  ...['encode', 'decode', 'getToken'].flatMap((name): JwtSink[] => [
    { library: 'next-auth', module: 'next-auth/jwt', export: [name], kind: 'call', keys: [{ arg: 0, property: ['secret'] }] },
    { library: '@auth/core', module: '@auth/core/jwt', export: [name], kind: 'call', keys: [{ arg: 0, property: ['secret'] }] },
  ]),
  { library: '@auth/core', module: '@auth/core', export: ['Auth'], kind: 'call', keys: [{ arg: 1, property: ['secret'] }] },
  // Frameworks that sign JWTs with a setting of their config (../shared/reference/config-conventions.md, section 2):
  // Payload 3 buildConfig({ secret }) (its HMAC key is derived from it: a weak secret is a weak key);
  // Medusa 2 defineConfig({ projectConfig: { http: { jwtSecret } } }) from @medusajs/framework/utils (or @medusajs/utils)
  { module: 'payload', export: ['buildConfig'], kind: 'call', keys: [{ arg: 0, property: ['secret'] }] },
  ...['@medusajs/framework/utils', '@medusajs/utils'].map(
    (module): JwtSink => ({ library: 'medusa', module, export: ['defineConfig'], kind: 'call', keys: [{ arg: 0, property: ['projectConfig', 'http', 'jwtSecret'] }] }),
  ),
  // jsrsasign 11: KJUR.jws.JWS.sign(alg, header, payload, key), verify(jws, key, [algs]), verifyJWT(jwt, key, [fields]);
  // a key string is hex when it is even-length hex, else char codes; { utf8 | hex | b64 | b64u | rstr } choose explicitly
  { module: 'jsrsasign', export: ['KJUR', 'jws', 'JWS', 'sign'], kind: 'call', keys: jsrsasignKeys(3), algorithm: { arg: 0 } },
  { module: 'jsrsasign', export: ['KJUR', 'jws', 'JWS', 'verify'], kind: 'call', keys: jsrsasignKeys(1), algorithm: { arg: 2 } },
  { module: 'jsrsasign', export: ['KJUR', 'jws', 'JWS', 'verifyJWT'], kind: 'call', keys: jsrsasignKeys(1), algorithm: { arg: 2, property: ['alg'] } },
  // atlassian-jwt 2: encodeSymmetric(payload, secret, [alg]), decodeSymmetric(token, secret, alg, [noVerify]); older encode/decode(x, key)
  { module: 'atlassian-jwt', export: ['encodeSymmetric'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  { module: 'atlassian-jwt', export: ['decodeSymmetric'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 }, noVerifyArg: 3 },
  { module: 'atlassian-jwt', export: ['encode'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  { module: 'atlassian-jwt', export: ['decode'], kind: 'call', keys: [{ arg: 1 }], noVerifyArg: 2 },
  // jsontokens 4: new TokenSigner('ES256K', rawPrivateKeyHex) - an ES256K private key, not an HMAC secret
  { module: 'jsontokens', export: ['TokenSigner'], kind: 'new', keys: [{ arg: 1, encoding: 'hex' }], algorithm: { arg: 0 } },
  // @graphql-yoga/plugin-jwt 3: createInlineSigningKeyProvider(key); <= 2: useJWT({ signingKey })
  { module: '@graphql-yoga/plugin-jwt', export: ['createInlineSigningKeyProvider'], kind: 'call', keys: [{ arg: 0 }] },
  { library: '@graphql-yoga/plugin-jwt', module: '@graphql-hive/gateway', export: ['createInlineSigningKeyProvider'], kind: 'call', keys: [{ arg: 0 }] },
  { module: '@graphql-yoga/plugin-jwt', export: ['useJWT'], kind: 'call', keys: [{ arg: 0, property: ['signingKey'] }], algorithm: { arg: 0, property: ['algorithms'] } },
  // node:crypto hand-rolled HS256: createHmac('sha256', key).update(`${header}.${payload}`)
  ...['crypto', 'node:crypto'].map((module): JwtSink => ({ library: 'node:crypto (hand-rolled)', module, export: ['createHmac'], kind: 'call', evidence: 'jwtSigningInput', keys: [{ arg: 1 }] })),
  // WebCrypto hand-rolled HS256: crypto.subtle.sign('HMAC', key, encode(`${header}.${payload}`)) and
  // subtle.verify('HMAC', key, signature, data), the key from subtle.importKey('raw', bytes, ...)
  ...[
    { method: 'sign', signedArg: 2 },
    { method: 'verify', signedArg: 3 },
  ].map(
    ({ method, signedArg }): JwtSink => ({
      library: 'webcrypto (hand-rolled)',
      module: 'webcrypto',
      export: [],
      kind: 'member',
      callee: ['subtle', method],
      when: { arg: 0, equals: 'HMAC' },
      evidence: 'jwtSigningInput',
      signedArg,
      keys: [{ arg: 1 }],
    }),
  ),
  // jose >= 3 (src: panva/jose v3-v6, see jwt-libraries.md section 2): keys are Uint8Array / KeyObject / CryptoKey / JWK,
  // so literals arrive through TextEncoder, base64url.decode, createSecretKey or an oct JWK.
  ...joseSinks('jose'),
  ...joseSinks('jose/jwt/sign', ['SignJWT']),
  ...joseSinks('jose/jwt/verify', ['jwtVerify']),
  ...joseSinks('jose/jwe/compact/encrypt', ['CompactEncrypt']),
  // jose <= 2: JWT.sign(payload, key, opts), JWT.verify(token, key, opts), JWK.asKey(secret)
  { library: 'jose', module: 'jose', export: ['JWT', 'sign'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2, property: ['algorithm'] } },
  { library: 'jose', module: 'jose', export: ['JWT', 'verify'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2, property: ['algorithms'] } },
  { library: 'jose', module: 'jose', export: ['JWK', 'asKey'], kind: 'call', keys: [{ arg: 0 }] },
];

function props(arg: number, names: readonly string[]): KeyPosition[] {
  return names.map((name) => ({ arg, property: [name] }));
}

/** @nestjs/jwt options: the keys, and secretOrKeyProvider(requestType, tokenOrPayload, options) => key | Promise<key>. */
function nestKeys(arg: number, prefix: readonly string[]): KeyPosition[] {
  return [
    ...['secret', 'privateKey', 'secretOrPrivateKey'].map((name) => ({ arg, property: [...prefix, name] })),
    { arg, property: [...prefix, 'secretOrKeyProvider'], provider: { ...RETURNS, only: true } },
  ];
}

function jsrsasignKeys(arg: number): KeyPosition[] {
  return [
    { arg, encoding: 'hex-or-charcodes' },
    { arg, property: ['utf8'] },
    { arg, property: ['hex'], encoding: 'hex' },
    { arg, property: ['b64'], encoding: 'base64' },
    { arg, property: ['b64u'], encoding: 'base64url' },
    { arg, property: ['rstr'], encoding: 'charcodes' },
  ];
}

function honoSinks(module: string, prefix: readonly string[]): JwtSink[] {
  return [
    { library: 'hono', module, export: [...prefix, 'sign'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
    { library: 'hono', module, export: [...prefix, 'verify'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2 } },
  ];
}

/** jose's builders (key passed to a chained method) and verify functions (key as 2nd argument). */
function joseSinks(module: string, only?: readonly string[]): JwtSink[] {
  const header: KeyPosition = { method: 'setProtectedHeader', arg: 0, property: ['alg'] };
  const all: JwtSink[] = [
    { module, export: ['SignJWT'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['CompactSign'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['FlattenedSign'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['GeneralSign'], kind: 'new', method: 'addSignature', keys: [{ arg: 0 }] },
    { module, export: ['EncryptJWT'], kind: 'new', method: 'encrypt', keys: [{ arg: 0 }] },
    { module, export: ['CompactEncrypt'], kind: 'new', method: 'encrypt', keys: [{ arg: 0 }] },
    { module, export: ['FlattenedEncrypt'], kind: 'new', method: 'encrypt', keys: [{ arg: 0 }] },
    { module, export: ['GeneralEncrypt'], kind: 'new', method: 'addRecipient', keys: [{ arg: 0 }] },
    // (the key may be a function (protectedHeader, token) => key | Promise<key>: JWTVerifyGetKey)
    ...['jwtVerify', 'compactVerify', 'flattenedVerify', 'generalVerify', 'jwtDecrypt', 'compactDecrypt', 'flattenedDecrypt', 'generalDecrypt'].map(
      (name): JwtSink => ({ module, export: [name], kind: 'call', keys: [{ arg: 1, provider: RETURNS }], algorithm: { arg: 2, property: ['algorithms'] } }),
    ),
  ];
  const tagged = all.map((s) => ({ ...s, library: 'jose' }));
  return only ? tagged.filter((s) => only.includes(s.export[0]!)) : tagged;
}

export const CLASS_MIXINS: readonly ClassMixin[] = [
  // @nestjs/passport: class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ secretOrKey }) } }
  { module: '@nestjs/passport', export: ['PassportStrategy'], baseArg: 0 },
];

/**
 * Prefilter keywords of the rules that start from these sinks: every module name above contains one
 * (checked by test/rules.meta.test.ts), so a file that imports a sink module always passes.
 */
export const JWT_SINK_KEYWORDS: readonly string[] = ['jwt', 'jsonwebtoken', 'jose', 'jws', 'jsrsasign', 'jsontokens', 'next-auth', '@auth/', 'createhmac', 'signingkeyprovider', 'buildconfig', 'subtle.sign', 'subtle.verify'];

export const JWT_CATALOGUE: SinkCatalogue = { sinks: JWT_SINKS, mixins: CLASS_MIXINS };

/** Prefilter keywords for config sinks: the name a call of the wrapper must spell. */
export function configSinkKeywords(settings: RuleSettings): readonly string[] {
  return settings.sinks.map((sink) => sink.export.split('.').filter((p) => p !== 'default').at(-1) ?? sink.module ?? (sink.file && defaultExportName(sink.file)) ?? '').filter(Boolean);
}

/**
 * What callers of a local module's default export are likely to spell: the module's file name, or
 * its folder's for an index file (`require('../lib/sign')`). The path itself appears in no caller.
 */
function defaultExportName(file: string): string | undefined {
  const parts = file.replace(/\.[cm]?[jt]sx?$/, '').split('/');
  return (parts.at(-1) === 'index' ? parts.at(-2) : parts.at(-1)) || undefined;
}

/** The catalogue with the project's own wrappers from the config (`sinks`). */
export function jwtCatalogue(settings: RuleSettings): SinkCatalogue {
  return withConfigSinks(JWT_CATALOGUE, settings.sinks);
}
