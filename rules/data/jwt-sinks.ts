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

import type { ClassMixin, JwtSink, KeyPosition, SinkCatalogue } from '../../src/analysis/sink-catalogue.js';

export const JWT_SINKS: readonly JwtSink[] = [
  // jsonwebtoken 9: sign(payload, secretOrPrivateKey, [options, callback]); verify(token, secretOrPublicKey, [options, callback])
  { module: 'jsonwebtoken', export: ['sign'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2, property: ['algorithm'] } },
  { module: 'jsonwebtoken', export: ['verify'], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2, property: ['algorithms'] } },
  // express-jwt <= 6: default export jwt({ secret, algorithms }); >= 7: named export expressjwt
  { module: 'express-jwt', export: [], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['algorithms'] } },
  { module: 'express-jwt', export: ['expressjwt'], kind: 'call', keys: [{ arg: 0, property: ['secret'] }], algorithm: { arg: 0, property: ['algorithms'] } },
  // passport-jwt 4: new Strategy({ secretOrKey, ... }, verify)
  { module: 'passport-jwt', export: ['Strategy'], kind: 'new', keys: [{ arg: 0, property: ['secretOrKey'] }], algorithm: { arg: 0, property: ['algorithms'] } },
  // @nestjs/jwt: JwtModule.register(options), new JwtService(options); secretOrPrivateKey is the deprecated alias
  {
    module: '@nestjs/jwt',
    export: ['JwtModule', 'register'],
    kind: 'call',
    keys: [{ arg: 0, property: ['secret'] }, { arg: 0, property: ['privateKey'] }, { arg: 0, property: ['secretOrPrivateKey'] }],
    algorithm: { arg: 0, property: ['signOptions', 'algorithm'] },
  },
  {
    module: '@nestjs/jwt',
    export: ['JwtService'],
    kind: 'new',
    keys: [{ arg: 0, property: ['secret'] }, { arg: 0, property: ['privateKey'] }, { arg: 0, property: ['secretOrPrivateKey'] }],
    algorithm: { arg: 0, property: ['signOptions', 'algorithm'] },
  },
  // jose ≥ 3 (src: panva/jose v3–v6, see jwt-libraries.md §2): keys are Uint8Array / KeyObject / CryptoKey / JWK,
  // so literals arrive through TextEncoder, base64url.decode, createSecretKey or an oct JWK.
  ...joseSinks('jose'),
  ...joseSinks('jose/jwt/sign', ['SignJWT']),
  ...joseSinks('jose/jwt/verify', ['jwtVerify']),
];

/** jose's builders (key passed to a chained method) and verify functions (key as 2nd argument). */
function joseSinks(module: string, only?: readonly string[]): JwtSink[] {
  const header: KeyPosition = { method: 'setProtectedHeader', arg: 0, property: ['alg'] };
  const all: JwtSink[] = [
    { module, export: ['SignJWT'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['CompactSign'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['FlattenedSign'], kind: 'new', method: 'sign', keys: [{ arg: 0 }], algorithm: header },
    { module, export: ['GeneralSign'], kind: 'new', method: 'addSignature', keys: [{ arg: 0 }] },
    { module, export: ['EncryptJWT'], kind: 'new', method: 'encrypt', keys: [{ arg: 0 }] },
    ...['jwtVerify', 'compactVerify', 'flattenedVerify', 'generalVerify', 'jwtDecrypt', 'compactDecrypt', 'flattenedDecrypt', 'generalDecrypt'].map(
      (name): JwtSink => ({ module, export: [name], kind: 'call', keys: [{ arg: 1 }], algorithm: { arg: 2, property: ['algorithms'] } }),
    ),
  ];
  return only ? all.filter((s) => only.includes(s.export[0]!)) : all;
}

export const CLASS_MIXINS: readonly ClassMixin[] = [
  // @nestjs/passport: class JwtStrategy extends PassportStrategy(Strategy) { constructor() { super({ secretOrKey }) } }
  { module: '@nestjs/passport', export: ['PassportStrategy'], baseArg: 0 },
];

/**
 * Prefilter keywords of the rules that start from these sinks: every module name above contains one
 * (checked by test/rules.meta.test.ts), so a file that imports a sink module always passes.
 */
export const JWT_SINK_KEYWORDS: readonly string[] = ['jwt', 'jsonwebtoken', 'jose'];

export const JWT_CATALOGUE: SinkCatalogue = { sinks: JWT_SINKS, mixins: CLASS_MIXINS };
