/** The shape of a sink catalogue (the data lives in rules/data/, read by the rules). */
import type { ConfigSink, SinkThrough } from '../rule.js';

export interface KeyPosition {
  /** 0-based argument index. */
  arg: number;
  /** Property path inside the object literal passed at `arg`; absent when the argument itself is the key. */
  property?: readonly string[];
  /** For builder sinks: the argument is that of this method's call in the chain (`setProtectedHeader`). */
  method?: string;
  /** How the library turns a string at this position into key bytes, when not UTF-8. */
  encoding?: KeyEncoding;
  /** The library also takes a function here and calls it for the key: how that function hands the key over. */
  provider?: KeyProvider;
  /**
   * Instead of the argument: what the call's module assigns to a member whose path ends so, read by the
   * library in place of argument `arg` (koa-jwt prefers `ctx.state.secret`, set by an earlier middleware).
   */
  assignedTo?: readonly string[];
}

/**
 * A function at a key position (express-jwt `secret: (req, token) => key`, passport-jwt
 * `secretOrKeyProvider: (req, raw, done) => done(null, key)`): where the key comes out of it.
 */
export interface KeyProvider {
  /**
   * The function's return value is the key: `value` whatever it returns (a promise is awaited);
   * `promise` only a promise's value (fast-jwt ignores a plain return): an async function's, `Promise.resolve(x)`.
   */
  returns?: 'value' | 'promise';
  /** Its last parameter is a Node-style callback: the key is the second argument of a call of it (`done(null, key)`). */
  callback?: boolean;
  /** The position takes a function only (`secretOrKeyProvider`): a value reached without passing through one is no key. */
  only?: boolean;
}

/**
 * `charcodes`: one byte per UTF-16 unit (tsndr, jsrsasign `rstr`); `hex-or-charcodes`: jsrsasign's
 * rule (an even-length all-hex string is hex, anything else char codes); the rest as Node's Buffer.
 */
export type KeyEncoding = 'utf8' | 'hex' | 'base64' | 'base64url' | 'charcodes' | 'hex-or-charcodes';

/**
 * How a call is recognised as the sink:
 * - `call` / `new`: the callee is `export` of `module` (`new` also matches `super(...)` in a subclass);
 *   with `method`, the key goes to that method called later in a chain that starts there
 *   (`new SignJWT(p).setProtectedHeader(h).sign(key)`, `nJwt.createVerifier().setSigningKey(key)`).
 * - `instance`: `method` called on a value whose declared type or constructor is `export` of
 *   `module` (`this.jwtService.sign(p, { secret })` with `jwtService: JwtService`).
 * - `plugin`: a method named `method` receiving the module itself as argument 0
 *   (`fastify.register(require('@fastify/jwt'), { secret })`).
 * - `member`: a call whose callee ends with the property path `callee` on any receiver, with the
 *   literal argument `when` (`server.auth.strategy('jwt', 'jwt', { key })`); `module` only labels it.
 */
export type SinkKind = 'call' | 'new' | 'instance' | 'plugin' | 'member';

export interface JwtSink {
  /** npm package, for grouping (eval, docs); defaults to `module`. */
  library?: string;
  /** Module specifier exactly as imported or required. */
  module: string;
  /**
   * Instead of a package: the repository file (relative to the scan base) that exports the callee,
   * matched by resolving whatever relative or aliased specifier imports it (config sinks).
   */
  file?: string;
  /** Property path from the module namespace to the callee; `[]` for the module itself. */
  export: readonly string[];
  kind: SinkKind;
  method?: string;
  /** For `member` sinks: the property path the callee ends with. */
  callee?: readonly string[];
  /** For `member` sinks: an argument that must be this string literal. */
  when?: { arg: number; equals: string };
  /**
   * Extra evidence the call is JWT signing, by name: `jwtSigningInput` = an HMAC whose `.update()`
   * input is `<part>.<part>` (a hand-rolled HS256 over header.payload).
   */
  evidence?: 'jwtSigningInput';
  /** With `evidence`: the argument holding the signed data (WebCrypto `subtle.sign(alg, key, data)`); absent, the `.update()` chained on the call. */
  signedArg?: number;
  keys: readonly KeyPosition[];
  /** Where the HMAC algorithm is named, when the call names it. */
  algorithm?: KeyPosition;
  /** A "skip verification" flag argument: written as `true`, the call reads no key (`decode(token, '', true)`). */
  noVerifyArg?: number;
  /** A wrapper of the project the scan derived: where its parameter takes the key. */
  through?: SinkThrough;
}

/**
 * Calls that return a class derived from their argument (NestJS `PassportStrategy(Strategy)`), so a
 * `super(...)` call in a class extending the result constructs the argument.
 */
export interface ClassMixin {
  module: string;
  export: readonly string[];
  baseArg: number;
}

export interface SinkCatalogue {
  sinks: readonly JwtSink[];
  mixins: readonly ClassMixin[];
}

/** Human label for messages and related locations, e.g. `jsonwebtoken.sign`. */
export function sinkLabel(sink: JwtSink): string {
  if (sink.through) return sink.through.sink;
  if (sink.kind === 'member') return `${sink.module} ${sink.callee?.join('.') ?? ''}`.trim();
  const base = [sink.module, ...sink.export].join('.');
  if (sink.kind === 'plugin') return `${sink.module} (${sink.method ?? 'register'} options)`;
  return sink.method ? `${base}#${sink.method}` : base;
}

export function sinkLibrary(sink: JwtSink): string {
  return sink.library ?? sink.module;
}

const extended = new WeakMap<SinkCatalogue, WeakMap<readonly ConfigSink[], SinkCatalogue>>();

/**
 * The catalogue plus the project's own wrappers from the config. Memoised on both objects, so
 * the per-catalogue caches of the analysis keep working across files.
 */
export function withConfigSinks(catalogue: SinkCatalogue, extra: readonly ConfigSink[]): SinkCatalogue {
  if (extra.length === 0) return catalogue;
  let byExtra = extended.get(catalogue);
  if (!byExtra) extended.set(catalogue, (byExtra = new WeakMap()));
  let result = byExtra.get(extra);
  if (!result) byExtra.set(extra, (result = { sinks: [...catalogue.sinks, ...extra.map(toJwtSink)], mixins: catalogue.mixins }));
  return result;
}

function toJwtSink(sink: ConfigSink): JwtSink {
  const exportPath = sink.export.split('.').filter((part) => part !== 'default');
  return {
    library: sink.module ?? sink.file ?? 'config',
    module: sink.module ?? sink.file ?? '',
    ...(sink.file ? { file: sink.file.replace(/^\.\//, '') } : {}),
    export: exportPath,
    kind: sink.kind ?? 'call',
    ...(sink.method ? { method: sink.method } : {}),
    keys: [{ arg: sink.arg, ...(sink.property ? { property: sink.property.split('.') } : {}) }],
    ...(sink.through ? { through: sink.through } : {}),
  };
}
