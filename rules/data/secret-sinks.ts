/**
 * Where a secret that is not a JWT key enters a library: cookie signing, sessions, CSRF tokens and
 * encryption. A JWT key that also reaches one of these is one secret serving two purposes (read by
 * jwt-reused-secret). Same shape as jwt-sinks.ts; `use` names the purpose in messages.
 * Sources (read for this list):
 *   express-session 1.x README: session({ secret }), a string or an array (the first signs).
 *   cookie-parser 1.x README: cookieParser(secret, options), a string or an array.
 *   cookie-session 2.x (@types/cookie-session): cookieSession({ keys: string[] | Keygrip, secret }).
 *   csrf-csrf 3/4 README: doubleCsrf({ getSecret: (req) => secret }).
 *   iron-session 8 README: getIronSession(req, res, { password }) / getIronSession(cookies(), { password }),
 *     sealData(data, { password }), unsealData(seal, { password }); v6: withIronSessionApiRoute /
 *     withIronSessionSsr(handler, { password }) from iron-session/next.
 *   node:crypto: createCipheriv(algorithm, key, iv), createDecipheriv(algorithm, key, iv).
 *   @fastify/cookie, @fastify/session, @fastify/secure-session: fastify.register(plugin, { secret }).
 *   hono/cookie: setSignedCookie(c, name, value, secret, opts), getSignedCookie(c, secret, name).
 * Not here: csurf (no secret of its own: it signs with cookie-parser's or keeps a session secret);
 * next-auth / @auth/core `secret` (a JWT key itself, in jwt-sinks.ts).
 */
import type { JwtSink, KeyPosition, SinkCatalogue } from '../../src/analysis/sink-catalogue.js';

export type SecretUse = 'session secret' | 'cookie signing secret' | 'CSRF secret' | 'encryption key';

export interface SecretSink extends JwtSink {
  use: SecretUse;
}

const RETURNED_ONLY = { returns: 'value' as const, only: true };

export const SECRET_SINKS: readonly SecretSink[] = [
  { use: 'session secret', module: 'express-session', export: [], kind: 'call', keys: [{ arg: 0, property: ['secret'] }] },
  { use: 'cookie signing secret', module: 'cookie-parser', export: [], kind: 'call', keys: [{ arg: 0 }] },
  { use: 'cookie signing secret', module: 'cookie-session', export: [], kind: 'call', keys: [{ arg: 0, property: ['keys'] }, { arg: 0, property: ['secret'] }] },
  { use: 'CSRF secret', module: 'csrf-csrf', export: ['doubleCsrf'], kind: 'call', keys: [{ arg: 0, property: ['getSecret'], provider: RETURNED_ONLY }] },
  { use: 'session secret', module: 'iron-session', export: ['getIronSession'], kind: 'call', keys: password(1, 2) },
  ...['sealData', 'unsealData'].map((name): SecretSink => ({ use: 'session secret', module: 'iron-session', export: [name], kind: 'call', keys: password(1) })),
  ...['withIronSessionApiRoute', 'withIronSessionSsr'].map((name): SecretSink => ({ use: 'session secret', module: 'iron-session/next', export: [name], kind: 'call', keys: password(1) })),
  ...['crypto', 'node:crypto'].flatMap((module) =>
    ['createCipheriv', 'createDecipheriv'].map((name): SecretSink => ({ use: 'encryption key', library: 'node:crypto', module, export: [name], kind: 'call', keys: [{ arg: 1 }] })),
  ),
  { use: 'cookie signing secret', module: '@fastify/cookie', export: [], kind: 'plugin', method: 'register', keys: [{ arg: 1, property: ['secret'] }] },
  { use: 'session secret', module: '@fastify/session', export: [], kind: 'plugin', method: 'register', keys: [{ arg: 1, property: ['secret'] }] },
  { use: 'session secret', module: '@fastify/secure-session', export: [], kind: 'plugin', method: 'register', keys: [{ arg: 1, property: ['secret'] }, { arg: 1, property: ['key'] }] },
  { use: 'cookie signing secret', library: 'hono', module: 'hono/cookie', export: ['setSignedCookie'], kind: 'call', keys: [{ arg: 3 }] },
  { use: 'cookie signing secret', library: 'hono', module: 'hono/cookie', export: ['getSignedCookie'], kind: 'call', keys: [{ arg: 1 }] },
];

/** Every module above contains one (checked by the rule's tests), so a file using one passes the prefilter. */
export const SECRET_SINK_KEYWORDS: readonly string[] = ['express-session', 'cookie-parser', 'cookie-session', 'csrf-csrf', 'iron-session', 'createcipheriv', 'createdecipheriv', '@fastify/cookie', '@fastify/session', '@fastify/secure-session', 'hono/cookie'];

export const SECRET_CATALOGUE: SinkCatalogue = { sinks: SECRET_SINKS, mixins: [] };

function password(...args: number[]): KeyPosition[] {
  return args.map((arg) => ({ arg, property: ['password'] }));
}
