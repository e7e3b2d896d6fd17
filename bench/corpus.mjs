// Deterministic synthetic corpus for `npm run bench`, shaped like a JS/TS monorepo: many small
// modules (TS, TSX with JSX, JS, MJS, CJS, JSX, d.ts, tests, fixtures, barrels), a few multi-MB
// minified bundles (two mention jwt), some huge generated files (one mentions JWT), and planted JWT
// code at a realistic rate (~1.5% of files import jsonwebtoken / jose / @nestjs/jwt / passport-jwt:
// hardcoded keys, env-only keys, keys in config modules imported across files by relative paths).
//
// Everything comes from one seeded PRNG, so the same parameters give byte-identical trees. The tree
// is cached in os.tmpdir() under a name derived from the parameters and GENERATOR_VERSION (bump it
// whenever the output of this file changes), written to a temporary sibling and renamed into place.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GENERATOR_VERSION = 4;
/** What a corpus holds per 20,000 files; the whole set is repeated for larger corpora (linear growth). */
const FILES_PER_EXTRAS_SET = 20000;
const JWT_RATE = 0.015; // files with planted JWT library code
const FRONTEND_JWT_RATE = 0.004; // files that mention "jwt" without any library (localStorage keys, headers)

export function corpusDir({ files, seed }) {
  return path.join(os.tmpdir(), `jwtscan-bench-corpus-v${GENERATOR_VERSION}-f${files}-s${seed}`);
}

/** Returns { dir, manifest, generatedMs } (generatedMs 0 when the cached corpus was reused). */
export function ensureCorpus({ files, seed }) {
  const dir = corpusDir({ files, seed });
  const manifestFile = `${dir}.manifest.json`;
  if (fs.existsSync(manifestFile) && fs.existsSync(dir)) return { dir, manifest: JSON.parse(fs.readFileSync(manifestFile, 'utf8')), generatedMs: 0 };
  const started = performance.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const manifest = generate(tmp, { files, seed });
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  return { dir, manifest, generatedMs: performance.now() - started };
}

// ---------------------------------------------------------------------------------------------
// PRNG and helpers

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed) {
  const r = mulberry32(seed);
  const api = {
    next: r,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(r() * list.length)],
    chance: (p) => r() < p,
    /** Roughly log-normal: many small values, a long tail. */
    lognormal: (mu, sigma) => {
      const u = Math.max(r(), 1e-9);
      const v = r();
      return Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    },
    weighted: (entries) => {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let x = r() * total;
      for (const [value, w] of entries) if ((x -= w) < 0) return value;
      return entries[entries.length - 1][0];
    },
    hex: (n) => Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(r() * 16)]).join(''),
    b64url: (n) => Array.from({ length: n }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'[Math.floor(r() * 64)]).join(''),
  };
  return api;
}

const NOUNS = [
  'user', 'order', 'product', 'invoice', 'cart', 'session', 'payment', 'account', 'profile', 'item', 'report', 'widget', 'message',
  'notification', 'setting', 'team', 'project', 'task', 'comment', 'file', 'image', 'route', 'query', 'cache', 'event', 'metric', 'price',
  'address', 'customer', 'shipment', 'review', 'tag', 'category', 'search', 'page', 'layout', 'theme', 'button', 'modal', 'form', 'field',
  'table', 'row', 'column', 'chart', 'filter', 'sort', 'feature', 'flag', 'job', 'queue', 'worker', 'schedule', 'plan', 'subscription',
  'coupon', 'discount', 'tax', 'region', 'locale', 'currency', 'upload', 'download', 'shipping', 'audit', 'log', 'permission', 'role',
  'member', 'invite', 'billing', 'webhook', 'channel', 'thread', 'attachment', 'draft', 'template', 'dashboard', 'panel', 'sidebar',
  'header', 'footer', 'menu', 'tooltip', 'avatar', 'badge', 'card', 'list', 'grid', 'tab', 'step', 'wizard', 'calendar', 'slot', 'booking',
];
const VERBS = ['get', 'set', 'load', 'save', 'fetch', 'update', 'create', 'remove', 'find', 'build', 'parse', 'format', 'render', 'handle', 'map', 'sync', 'validate', 'resolve', 'compute', 'merge', 'toggle', 'select', 'apply', 'normalize', 'serialize'];
const ADJS = ['active', 'pending', 'fallback', 'current', 'next', 'previous', 'visible', 'selected', 'cached', 'remote', 'local', 'primary', 'total', 'raw', 'filtered', 'sorted'];
const PACKAGES = ['lodash', 'react', 'express', 'axios', 'zod', 'dayjs', 'rxjs', 'uuid', 'clsx', 'pg', 'redis', 'yup', 'immer', 'graphql', 'ioredis', 'winston', 'date-fns', 'classnames', 'react-router-dom', '@tanstack/react-query', 'styled-components', 'mongoose', 'typeorm', 'prisma', 'koa', 'fastify', 'ws', 'nanoid'];
const PEOPLE = ['Ana Lima', 'Jose Garcia', 'Mei Chen', 'Tom Baker', 'Olga Ivanova', 'Sam Patel', 'Lena Vogel', 'Ravi Kumar', 'Ngozi Okafor'];
// Unrelated uses of "secret" and "token" (no JWT library, no JWT names): they must not cost a parse.
const UNRELATED_SECRET_LINES = [
  "const csrfToken = req.headers['x-csrf-token'];",
  "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY, { apiVersion: '2023-10-16' });",
  'const { nextToken, items } = await client.listObjects({ Bucket: bucket, ContinuationToken: cursor });',
  "// The webhook secret comes from the dashboard; rotate it there, never here.",
  "const githubToken = process.env.GITHUB_TOKEN ?? '';",
  "if (!session.secret) throw new Error('missing session secret');",
  "const tokenizer = new Tokenizer({ lowercase: true, stopWords: ['a', 'the'] });",
  "const clientSecret = config.get('oauth.clientSecret');",
  'const resetToken = crypto.randomBytes(32).toString("hex");',
  "const cancelToken = axios.CancelToken.source();",
];

const cap = (s) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------
// Small-module templates. Each returns source text; `blocks` scales the size.

function imports(R, ts, cjs) {
  const n = R.int(1, 5);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const pkg = R.pick(PACKAGES);
    const name = pkg.replace(/[^a-z]/gi, '').slice(0, 10) || 'lib';
    if (cjs) lines.push(`const ${name}${i} = require('${pkg}');`);
    else if (R.chance(0.5)) lines.push(`import ${name}${i} from '${pkg}';`);
    else lines.push(`import { ${R.pick(VERBS)}${cap(R.pick(NOUNS))} } from '${R.chance(0.5) ? pkg : `../${R.pick(NOUNS)}/${R.pick(NOUNS)}`}';`);
  }
  if (ts && R.chance(0.4)) lines.push(`import type { ${cap(R.pick(NOUNS))}${cap(R.pick(NOUNS))} } from '../types';`);
  return lines.join('\n');
}

function tsInterface(R) {
  const name = `${cap(R.pick(NOUNS))}${cap(R.pick(['props', 'state', 'dto', 'options', 'config', 'record', 'payload']))}`;
  const fields = Array.from({ length: R.int(2, 9) }, () => {
    const f = `${R.pick(ADJS)}${cap(R.pick(NOUNS))}`;
    const t = R.pick(['string', 'number', 'boolean', 'Date', 'string[]', `${cap(R.pick(NOUNS))}Id`, "'asc' | 'desc'", 'Record<string, unknown>', 'Promise<void>']);
    return `  ${f}${R.chance(0.3) ? '?' : ''}: ${t};`;
  });
  return `${R.chance(0.6) ? 'export ' : ''}interface ${name} {\n${fields.join('\n')}\n}`;
}

function jsFunction(R, ts, i) {
  const verb = R.pick(VERBS);
  const noun = cap(R.pick(NOUNS));
  const name = `${verb}${noun}${i}`;
  const arg = R.pick(NOUNS);
  const body = [];
  const n = R.int(2, 8);
  for (let k = 0; k < n; k++) {
    const v = `${R.pick(ADJS)}${cap(R.pick(NOUNS))}${k}`;
    body.push(
      R.pick([
        `  const ${v} = ${arg}.${R.pick(NOUNS)}s?.filter((x) => x.${R.pick(ADJS)} && x.id !== ${R.int(0, 999)}) ?? [];`,
        `  if (${arg}.${R.pick(NOUNS)} == null) return ${R.pick(['null', 'undefined', '[]', '{}', 'false'])};`,
        `  const ${v} = \`${R.pick(NOUNS)}-\${${arg}.id}-${R.pick(ADJS)}\`;`,
        `  for (const ${R.pick(NOUNS)} of ${arg}.${R.pick(NOUNS)}s ?? []) {\n    total += ${R.int(1, 100)};\n  }`,
        `  const ${v} = await ${R.pick(VERBS)}${cap(R.pick(NOUNS))}(${arg}.id, { limit: ${R.int(5, 100)}, ${R.pick(ADJS)}: true });`,
        `  switch (${arg}.${R.pick(['status', 'kind', 'type', 'state'])}) {\n    case '${R.pick(ADJS)}':\n      return ${R.int(0, 9)};\n    case '${R.pick(ADJS)}':\n      break;\n    default:\n      total -= 1;\n  }`,
        `  const ${v} = Object.entries(${arg}).reduce((acc, [k, val]) => ({ ...acc, [k.toLowerCase()]: val }), {});`,
        `  try {\n    await ${R.pick(NOUNS)}Service.${R.pick(VERBS)}(${arg});\n  } catch (error) {\n    logger.warn('${R.pick(VERBS)} ${R.pick(NOUNS)} failed', { error });\n  }`,
      ]),
    );
  }
  const sig = ts ? `(${arg}: ${noun}${R.pick(['Dto', 'Props', 'Options', ''])}): Promise<${R.pick(['number', 'void', `${noun} | null`, 'boolean'])}>` : `(${arg})`;
  const doc = R.chance(0.35) ? `/**\n * ${cap(R.pick(VERBS))}s the ${R.pick(NOUNS)} for the ${R.pick(ADJS)} ${R.pick(NOUNS)}.\n * @param ${arg} the ${R.pick(NOUNS)}\n */\n` : '';
  return `${doc}export async function ${name}${sig} {\n  let total = 0;\n${body.join('\n')}\n  return total;\n}`;
}

function tsClass(R, i) {
  const noun = cap(R.pick(NOUNS));
  const methods = Array.from({ length: R.int(1, 5) }, (_, k) => {
    const m = `${R.pick(VERBS)}${cap(R.pick(NOUNS))}${k}`;
    return `  ${R.chance(0.3) ? 'private ' : ''}async ${m}(id: string, options: { ${R.pick(ADJS)}?: boolean } = {}): Promise<${noun} | undefined> {\n    const found = await this.repository.findOne({ where: { id, ${R.pick(ADJS)}: options.${R.pick(ADJS)} ?? false } });\n    if (!found) {\n      this.logger.debug(\`${noun} \${id} not found\`);\n      return undefined;\n    }\n    return { ...found, ${R.pick(NOUNS)}: this.${R.pick(NOUNS)}Cache.get(id) } as ${noun};\n  }`;
  });
  return `${R.chance(0.5) ? '@Injectable()\n' : ''}export class ${noun}${R.pick(['Service', 'Repository', 'Controller', 'Manager', 'Store'])}${i} {\n  private readonly ${R.pick(NOUNS)}Cache = new Map<string, unknown>();\n  constructor(private readonly repository: Repository<${noun}>, private readonly logger: Logger) {}\n\n${methods.join('\n\n')}\n}`;
}

function jsxComponent(R, ts, i) {
  const noun = cap(R.pick(NOUNS));
  const name = `${noun}${R.pick(['List', 'Card', 'View', 'Panel', 'Form', 'Item', 'Dialog'])}${i}`;
  const props = ts ? `{ ${R.pick(NOUNS)}s, on${cap(R.pick(VERBS))} }: ${noun}Props` : `{ ${R.pick(NOUNS)}s, on${cap(R.pick(VERBS))} }`;
  const items = R.pick(NOUNS);
  const children = Array.from({ length: R.int(1, 6) }, () =>
    R.pick([
      `        <span className="${R.pick(NOUNS)}-${R.pick(ADJS)}">{${items}.${R.pick(NOUNS)}}</span>`,
      `        {${items}.${R.pick(ADJS)} && <Badge tone="${R.pick(['info', 'warn', 'ok'])}">{t('${R.pick(NOUNS)}.${R.pick(ADJS)}')}</Badge>}`,
      `        <Button variant="${R.pick(['primary', 'ghost', 'link'])}" onClick={() => set${cap(R.pick(ADJS))}(${items}.id)}>\n          ${cap(R.pick(VERBS))}\n        </Button>`,
      `        <input type="text" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="${cap(R.pick(NOUNS))}" />`,
    ]),
  );
  const state = ts ? `useState<string | null>(null)` : `useState(null)`;
  return `export function ${name}(${props}) {\n  const [query, setQuery] = useState('');\n  const [${R.pick(ADJS)}, set${cap(R.pick(ADJS))}] = ${state};\n  const visible = useMemo(() => ${items}s.filter((x) => x.name.includes(query)), [${items}s, query]);\n  return (\n    <div className="${R.pick(NOUNS)}-${R.pick(['list', 'grid', 'stack'])}">\n      {visible.map((${items}) => (\n      <div key={${items}.id}>\n${children.join('\n')}\n      </div>\n      ))}\n    </div>\n  );\n}`;
}

function routeHandler(R, cjs, i) {
  const noun = R.pick(NOUNS);
  const method = R.pick(['get', 'post', 'put', 'delete', 'patch']);
  const text = `router.${method}('/${noun}s/:id${R.chance(0.3) ? `/${R.pick(NOUNS)}s` : ''}', async (req, res, next) => {\n  try {\n    const ${noun} = await ${noun}Service.${R.pick(VERBS)}(req.params.id, req.query);\n    if (!${noun}) return res.status(404).json({ error: '${noun} not found' });\n    res.json({ data: ${noun}, page: Number(req.query.page ?? ${R.int(1, 3)}) });\n  } catch (err) {\n    next(err);\n  }\n});`;
  return i === 0 ? `${cjs ? "const express = require('express');" : "import express from 'express';"}\nconst router = express.Router();\n${text}` : text;
}

function testBlock(R, i) {
  const noun = R.pick(NOUNS);
  const cases = Array.from({ length: R.int(1, 5) }, () => `  it('${R.pick(VERBS)}s a ${R.pick(ADJS)} ${noun}', async () => {\n    const ${noun} = build${cap(noun)}({ id: '${R.hex(8)}', ${R.pick(ADJS)}: ${R.chance(0.5)} });\n    expect(await ${R.pick(VERBS)}${cap(noun)}(${noun})).toEqual(${R.pick(['expect.any(Object)', `{ ok: true }`, String(R.int(0, 9)), 'null'])});\n  });`);
  return `describe('${noun} ${R.pick(VERBS)} ${i}', () => {\n${cases.join('\n\n')}\n});`;
}

function fixtureData(R, rows) {
  const lines = Array.from({ length: rows }, (_, k) => `  { id: ${k + 1}, name: '${R.chance(0.01) ? R.pick(PEOPLE) : `${R.pick(NOUNS)}-${R.hex(4)}`}', ${R.pick(ADJS)}: ${R.chance(0.5)}, amount: ${(R.next() * 1000).toFixed(2)}, tags: ['${R.pick(NOUNS)}', '${R.pick(NOUNS)}'] },`);
  return `export const ${R.pick(NOUNS)}Fixtures = [\n${lines.join('\n')}\n];`;
}

function constants(R) {
  const lines = Array.from({ length: R.int(3, 15) }, () => `export const ${R.pick(ADJS).toUpperCase()}_${R.pick(NOUNS).toUpperCase()}_${R.pick(['LIMIT', 'TIMEOUT', 'URL', 'PATH', 'COUNT', 'TTL'])} = ${R.chance(0.5) ? R.int(1, 100000) : `'/${R.pick(NOUNS)}/${R.pick(NOUNS)}'`};`);
  return lines.join('\n');
}

function smallModule(R, kind, ext, i) {
  const ts = ext === 'ts' || ext === 'tsx' || ext === 'mts' || ext === 'cts';
  const cjs = ext === 'cjs';
  const blocks = Math.max(1, Math.min(60, Math.round(R.lognormal(1.3, 0.85))));
  const parts = [];
  switch (kind) {
    case 'barrel':
      return Array.from({ length: R.int(1, 12) }, () => `export * from './${R.pick(NOUNS)}${R.chance(0.3) ? `-${R.pick(NOUNS)}` : ''}';`).join('\n') + '\n';
    case 'dts':
      for (let b = 0; b < blocks; b++) parts.push(tsInterface(R).replace(/^export /, 'export declare ').replace('declare interface', 'interface'));
      return parts.join('\n\n') + '\n';
    case 'fixture':
      return fixtureData(R, Math.round(R.lognormal(3.5, 1.0))) + '\n';
    case 'constants':
      return constants(R) + '\n';
    case 'component':
      parts.push(`import { useMemo, useState } from 'react';`, imports(R, ts, false));
      for (let b = 0; b < Math.max(1, Math.round(blocks / 3)); b++) {
        if (ts && R.chance(0.6)) parts.push(tsInterface(R));
        parts.push(jsxComponent(R, ts, b));
      }
      return parts.join('\n\n') + '\n';
    case 'routes':
      parts.push(imports(R, false, cjs));
      for (let b = 0; b < blocks; b++) parts.push(routeHandler(R, cjs, b));
      parts.push(cjs ? 'module.exports = router;' : 'export default router;');
      return parts.join('\n\n') + '\n';
    case 'test':
      parts.push(imports(R, ts, cjs));
      for (let b = 0; b < Math.max(1, Math.round(blocks / 2)); b++) parts.push(testBlock(R, b));
      return parts.join('\n\n') + '\n';
    default: {
      // service / util module
      parts.push(imports(R, ts, cjs));
      if (R.chance(0.12)) parts.push(R.pick(UNRELATED_SECRET_LINES));
      for (let b = 0; b < blocks; b++) {
        if (ts && R.chance(0.3)) parts.push(tsInterface(R));
        if (ts && R.chance(0.2)) parts.push(tsClass(R, b));
        else parts.push(jsFunction(R, ts, b));
      }
      let text = parts.join('\n\n') + '\n';
      if (cjs) text = text.replace(/^export (async function|function|const|class) (\w+)/gm, (_, k, n) => `${k} ${n}`) + `module.exports = {};\n`;
      return text;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Planted JWT code

const WEAK = ['secret', 'changeme', 'supersecret', 'mysecretkey', 'your-256-bit-secret', 'jwt_secret', 'shhhhh', 'keyboard cat'];

function jwtSecretLiteral(R) {
  return R.chance(0.4) ? R.pick(WEAK) : R.b64url(R.int(24, 48));
}

function fakeJwt(R) {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify({ sub: String(R.int(1, 99999)), name: R.pick(PEOPLE), iat: 1516239022 })).toString('base64url');
  return `${header}.${payload}.${R.b64url(43)}`;
}

/** Returns { text, planted } where planted names the category (for the manifest). */
function jwtModule(R, ext, filler) {
  const ts = ext === 'ts' || ext === 'tsx';
  const cjs = ext === 'cjs';
  const picked = R.weighted([
    ['jsonwebtoken-literal', 12],
    ['jsonwebtoken-const', 10],
    ['jsonwebtoken-fallback', 8],
    ['jsonwebtoken-env', 25],
    ['jose-literal', 5],
    ['jose-env', 10],
    ['nest-literal', 5],
    ['nest-env', 10],
    ['passport-env', 7],
    ['test-token', 8],
  ]);
  // Decorators only in TypeScript; other files get the jsonwebtoken equivalent.
  const kind = !ts && picked.startsWith('nest-') ? (picked === 'nest-literal' ? 'jsonwebtoken-literal' : 'jsonwebtoken-env') : picked;
  const secret = jwtSecretLiteral(R);
  const imp = (what, from) => (cjs ? `const ${what.replace(/^\* as /, '')} = require('${from}');` : `import ${what} from '${from}';`);
  let text;
  switch (kind) {
    case 'jsonwebtoken-literal':
      text = `${imp('jwt', 'jsonwebtoken')}\n\nexport function issueToken(user) {\n  return jwt.sign({ sub: user.id, role: user.role }, '${secret}', { expiresIn: '${R.pick(['15m', '1h', '7d'])}' });\n}\n\nexport function readToken(token) {\n  return jwt.verify(token, '${secret}');\n}`;
      break;
    case 'jsonwebtoken-const':
      text = `${imp('jwt', 'jsonwebtoken')}\n\nconst ${R.pick(['JWT_SECRET', 'SECRET_KEY', 'tokenSecret', 'signingKey'])} = '${secret}';\n\nexport const sign = (payload) => jwt.sign(payload, ${'$KEY'});\nexport const verify = (token) => jwt.verify(token, ${'$KEY'}, { algorithms: ['HS256'] });`;
      text = text.replace(/\$KEY/g, /const (\w+)/.exec(text)[1]);
      break;
    case 'jsonwebtoken-fallback':
      text = `${imp('jwt', 'jsonwebtoken')}\n\nconst secret = process.env.JWT_SECRET || '${secret}';\n\nexport function authenticate(req, res, next) {\n  const header = req.headers.authorization ?? '';\n  try {\n    req.user = jwt.verify(header.replace(/^Bearer /, ''), secret);\n    next();\n  } catch {\n    res.status(401).end();\n  }\n}`;
      break;
    case 'jsonwebtoken-env':
      text = `${imp('jwt', 'jsonwebtoken')}\n\nexport function issue(user${ts ? ': { id: string }' : ''}) {\n  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET${ts ? '!' : ''}, { expiresIn: '1h' });\n}\n\nexport function check(token${ts ? ': string' : ''}) {\n  return jwt.verify(token, process.env.JWT_SECRET${ts ? ' as string' : ''});\n}`;
      break;
    case 'jose-literal':
      text = `${imp('{ SignJWT, jwtVerify }', 'jose')}\n\nconst key = new TextEncoder().encode('${secret}');\n\nexport async function createSession(userId${ts ? ': string' : ''}) {\n  return new SignJWT({ userId }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('2h').sign(key);\n}\n\nexport async function readSession(token${ts ? ': string' : ''}) {\n  const { payload } = await jwtVerify(token, key);\n  return payload;\n}`;
      break;
    case 'jose-env':
      text = `${imp('* as jose', 'jose')}\n\nconst JWKS = jose.createRemoteJWKSet(new URL(process.env.JWKS_URL${ts ? '!' : ''}));\n\nexport async function verifyAccessToken(token${ts ? ': string' : ''}) {\n  const { payload } = await jose.jwtVerify(token, JWKS, { issuer: process.env.ISSUER, audience: 'api' });\n  return payload;\n}`;
      break;
    case 'nest-literal':
      text = `import { Module } from '@nestjs/common';\nimport { JwtModule } from '@nestjs/jwt';\n\n@Module({\n  imports: [JwtModule.register({ secret: '${secret}', signOptions: { expiresIn: '60s' } })],\n  providers: [AuthService],\n  exports: [AuthService],\n})\nexport class AuthModule {}`;
      break;
    case 'nest-env':
      text = `import { Module } from '@nestjs/common';\nimport { ConfigService } from '@nestjs/config';\nimport { JwtModule } from '@nestjs/jwt';\n\n@Module({\n  imports: [\n    JwtModule.registerAsync({\n      inject: [ConfigService],\n      useFactory: (config${ts ? ': ConfigService' : ''}) => ({ secret: config.get('JWT_SECRET'), signOptions: { expiresIn: '1h' } }),\n    }),\n  ],\n})\nexport class AuthModule {}`;
      break;
    case 'passport-env':
      text = `${imp('{ ExtractJwt, Strategy }', 'passport-jwt')}\n${imp('passport', 'passport')}\n\npassport.use(\n  new Strategy({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: process.env.JWT_SECRET }, (payload, done) => done(null, payload)),\n);`;
      break;
    case 'test-token':
      text = `${imp('jwt', 'jsonwebtoken')}\n\nconst TOKEN = '${fakeJwt(R)}';\n\ndescribe('auth middleware', () => {\n  it('rejects an expired token', () => {\n    expect(() => jwt.verify(TOKEN, process.env.TEST_JWT_SECRET)).toThrow();\n  });\n});`;
      break;
  }
  // CommonJS files have no ES exports: module.exports at the end instead.
  if (cjs) text = text.replace(/^export (async function|function|const|class) /gm, '$1 ') + '\nmodule.exports = {};';
  return { text: `${text}\n\n${filler}`, planted: kind };
}

/** A config module and a sink module that imports it by a relative path (cross-file resolution). */
function crossFilePair(R, ts) {
  const secret = jwtSecretLiteral(R);
  const style = R.weighted([
    ['nest-constants', 3], // export const jwtConstants = { secret: '…' } (the NestJS docs' example)
    ['plain-export', 3], // export const SIGNING_KEY = '…' in a file with no JWT keyword at all
    ['cjs-keys', 2], // module.exports = { secretOrKey: '…' } for passport-jwt
    ['env-config', 2], // the config module reads the environment: no finding expected
  ]);
  let config;
  let sink;
  switch (style) {
    case 'nest-constants':
      config = `export const jwtConstants = {\n  secret: '${secret}',\n};\n`;
      sink = (rel) => `import { Module } from '@nestjs/common';\nimport { JwtModule } from '@nestjs/jwt';\nimport { jwtConstants } from '${rel}';\n\n@Module({\n  imports: [JwtModule.register({ global: true, secret: jwtConstants.secret, signOptions: { expiresIn: '60s' } })],\n})\nexport class AuthModule {}\n`;
      break;
    case 'plain-export':
      config = `export const SIGNING_KEY = '${secret}';\nexport const SESSION_TTL_SECONDS = 3600;\n`;
      sink = (rel) => `import jwt from 'jsonwebtoken';\nimport { SIGNING_KEY, SESSION_TTL_SECONDS } from '${rel}';\n\nexport const issue = (sub${ts ? ': string' : ''}) => jwt.sign({ sub }, SIGNING_KEY, { expiresIn: SESSION_TTL_SECONDS });\n`;
      break;
    case 'cjs-keys':
      config = `module.exports = {\n  mongoURI: process.env.MONGO_URI,\n  secretOrKey: '${secret}',\n};\n`;
      sink = (rel) => `const { Strategy, ExtractJwt } = require('passport-jwt');\nconst keys = require('${rel}');\n\nconst opts = {};\nopts.jwtFromRequest = ExtractJwt.fromAuthHeaderAsBearerToken();\nopts.secretOrKey = keys.secretOrKey;\n\nmodule.exports = (passport) => passport.use(new Strategy(opts, (payload, done) => done(null, payload)));\n`;
      break;
    case 'env-config':
      config = `export const authConfig = {\n  signingKey: process.env.AUTH_SIGNING_KEY ?? '',\n  issuer: 'api',\n};\n`;
      sink = (rel) => `import jwt from 'jsonwebtoken';\nimport { authConfig } from '${rel}';\n\nexport const sign = (sub${ts ? ': string' : ''}) => jwt.sign({ sub, iss: authConfig.issuer }, authConfig.signingKey);\n`;
      break;
  }
  return { config, sink, style, cjs: style === 'cjs-keys' };
}

function frontendJwtMention(R, ts) {
  return `const STORAGE_KEY = 'jwt';\n\nexport function authHeaders()${ts ? ': Record<string, string>' : ''} {\n  const jwt = localStorage.getItem(STORAGE_KEY);\n  return jwt ? { Authorization: \`Bearer \${jwt}\` } : {};\n}\n`;
}

// ---------------------------------------------------------------------------------------------
// Large files

function minifiedBundle(R, bytes, extra) {
  const out = ['!function(e){var t={};function n(r){if(t[r])return t[r].exports;var o=t[r]={i:r,l:!1,exports:{}};return e[r].call(o.exports,o,o.exports,n),o.l=!0,o.exports}n.m=e,n.c=t,n(n.s=0)}({'];
  let size = out[0].length;
  const id = () => String.fromCharCode(97 + R.int(0, 25)) + (R.chance(0.5) ? String.fromCharCode(65 + R.int(0, 25)) : '');
  let mod = 0;
  const insertAt = extra.map((_, k) => Math.floor(((k + 1) * bytes) / (extra.length + 1)));
  while (size < bytes) {
    const a = id();
    const b = id();
    let body = R.pick([
      `var ${a}=n(${R.int(0, 900)}),${b}=n(${R.int(0, 900)});e.exports=function(e,t){return ${a}(e)&&${b}.call(e,"${R.pick(NOUNS)}")?t:null}`,
      `"use strict";Object.defineProperty(t,"__esModule",{value:!0}),t.${R.pick(VERBS)}${cap(R.pick(NOUNS))}=function(e){for(var t=[],n=0;n<e.length;n++)e[n].${R.pick(ADJS)}&&t.push(e[n]);return t}`,
      `var ${a}=function(){function e(e){this.${R.pick(NOUNS)}=e||{},this.${R.pick(ADJS)}=!1}return e.prototype.${R.pick(VERBS)}=function(e){return this.${R.pick(NOUNS)}[e]},e}();t.default=${a}`,
      `e.exports={${R.pick(NOUNS)}:"${R.pick(NOUNS)}-${R.hex(6)}",${R.pick(ADJS)}:${R.int(0, 9999)},${R.pick(NOUNS)}s:[${Array.from({ length: R.int(2, 8) }, () => `"${R.pick(NOUNS)}"`).join(',')}]}`,
      `var ${a}=n(${R.int(0, 900)});t.${R.pick(VERBS)}=function(e,t){return ${a}.${R.pick(VERBS)}(e).then(function(e){return e.status===${R.int(200, 404)}?e.data:Promise.reject(new Error("${R.pick(NOUNS)} ${R.pick(ADJS)}"))})}`,
    ]);
    if (insertAt.length > 0 && size >= insertAt[0]) {
      insertAt.shift();
      body = extra.shift();
    }
    const chunk = `${mod > 0 ? ',' : ''}${mod}:function(e,t,n){${body}}`;
    out.push(chunk);
    size += chunk.length;
    mod++;
  }
  out.push('});\n');
  return out.join('');
}

function generatedGraphqlTypes(R, bytes) {
  const out = ['/* eslint-disable */\n// Generated by graphql-codegen. Do not edit.\nexport type Maybe<T> = T | null;\nexport type Scalars = { ID: string; String: string; Boolean: boolean; Int: number; Float: number; DateTime: string };\n'];
  let size = out[0].length;
  let n = 0;
  while (size < bytes) {
    const t = `${cap(R.pick(NOUNS))}${cap(R.pick(NOUNS))}${n++}`;
    const fields = Array.from({ length: R.int(3, 14) }, () => `  ${R.pick(ADJS)}${cap(R.pick(NOUNS))}?: Maybe<Scalars['${R.pick(['ID', 'String', 'Int', 'Boolean', 'DateTime'])}']>;`);
    const text = `\nexport type ${t} = {\n  __typename?: '${t}';\n  id: Scalars['ID'];\n${fields.join('\n')}\n};\n\nexport type ${t}QueryVariables = Exact<{ id: Scalars['ID']; first?: InputMaybe<Scalars['Int']> }>;\n`;
    out.push(text);
    size += text.length;
  }
  return out.join('');
}

function generatedApiClient(R, bytes) {
  const out = [
    `/* tslint:disable */\n/**\n * Generated by OpenAPI Generator. Do not edit the class manually.\n * Security scheme "bearerAuth": HTTP bearer, bearerFormat JWT.\n */\nimport globalAxios, { AxiosInstance, AxiosRequestConfig } from 'axios';\n\nexport class Configuration {\n  accessToken?: string | (() => Promise<string>);\n  constructor(param: { accessToken?: string } = {}) {\n    this.accessToken = param.accessToken;\n  }\n}\n`,
  ];
  let size = out[0].length;
  let n = 0;
  while (size < bytes) {
    const noun = cap(R.pick(NOUNS));
    const op = `${R.pick(VERBS)}${noun}${n++}`;
    const text = `\n/**\n * ${cap(R.pick(VERBS))} a ${noun.toLowerCase()}.\n * @param {string} id\n * @throws {RequiredError}\n */\nexport async function ${op}(configuration: Configuration, id: string, options: AxiosRequestConfig = {}): Promise<${noun}> {\n  if (id === null || id === undefined) throw new RequiredError('id', 'Required parameter id was null or undefined when calling ${op}.');\n  const localVarPath = \`/${noun.toLowerCase()}s/{id}\`.replace(\`{\${'id'}}\`, encodeURIComponent(String(id)));\n  const headers: Record<string, string> = { ...(options.headers as Record<string, string>) };\n  if (configuration.accessToken) {\n    const token = typeof configuration.accessToken === 'function' ? await configuration.accessToken() : configuration.accessToken;\n    headers['Authorization'] = 'Bearer ' + token;\n  }\n  const response = await globalAxios.request<${noun}>({ url: localVarPath, method: '${R.pick(['GET', 'POST', 'PUT', 'DELETE'])}', headers, ...options });\n  return response.data;\n}\n`;
    out.push(text);
    size += text.length;
  }
  return out.join('');
}

function generatedProtobuf(R, bytes) {
  const out = ["// source: messages.proto\n/**\n * @fileoverview\n * @enhanceable\n * @public\n */\n// GENERATED CODE -- DO NOT EDIT!\nvar jspb = require('google-protobuf');\nvar goog = jspb;\nvar global = Function('return this')();\n"];
  let size = out[0].length;
  let n = 0;
  while (size < bytes) {
    const m = `proto.api.${cap(R.pick(NOUNS))}${n++}`;
    const f = R.pick(NOUNS);
    const text = `\n${m} = function(opt_data) {\n  jspb.Message.initialize(this, opt_data, 0, -1, null, null);\n};\ngoog.inherits(${m}, jspb.Message);\n${m}.prototype.get${cap(f)} = function() {\n  return /** @type {string} */ (jspb.Message.getFieldWithDefault(this, ${R.int(1, 20)}, ""));\n};\n${m}.prototype.set${cap(f)} = function(value) {\n  return jspb.Message.setProto3StringField(this, ${R.int(1, 20)}, value);\n};\n${m}.serializeBinaryToWriter = function(message, writer) {\n  var f = message.get${cap(f)}();\n  if (f.length > 0) {\n    writer.writeString(${R.int(1, 20)}, f);\n  }\n};\n`;
    out.push(text);
    size += text.length;
  }
  return out.join('');
}

function generatedLocale(R, bytes) {
  const out = ['// Generated from the translation platform export.\nexport default {\n'];
  let size = out[0].length;
  while (size < bytes) {
    const text = `  '${R.pick(NOUNS)}.${R.pick(NOUNS)}.${R.pick(ADJS)}.${R.hex(4)}': '${cap(R.pick(VERBS))} the ${R.pick(ADJS)} ${R.pick(NOUNS)} and ${R.pick(VERBS)} its ${R.pick(NOUNS)}s',\n`;
    out.push(text);
    size += text.length;
  }
  out.push('};\n');
  return out.join('');
}

// ---------------------------------------------------------------------------------------------

function generate(root, { files, seed }) {
  const R = makeRandom(seed);
  const made = new Set();
  const manifest = { generatorVersion: GENERATOR_VERSION, files: 0, bytes: 0, seed, planted: {}, crossFile: {}, large: [], frontendJwtMentions: 0, jwtFiles: [], plainSamples: [] };
  const write = (relative, text) => {
    const absolute = path.join(root, relative);
    const dir = path.dirname(absolute);
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    fs.writeFileSync(absolute, text);
    manifest.files++;
    manifest.bytes += Buffer.byteLength(text);
  };
  const count = (obj, key) => (obj[key] = (obj[key] ?? 0) + 1);

  write('package.json', JSON.stringify({ name: 'bench-monorepo', private: true, workspaces: ['packages/*', 'apps/*'] }, null, 2) + '\n');
  write('.gitignore', 'coverage/\n*.log\n.env\n.env.local\n');
  manifest.files -= 2; // not source files: the counts below are what the scanner lists

  const sets = Math.max(1, Math.round(files / FILES_PER_EXTRAS_SET));
  const large = [];
  for (let s = 0; s < sets; s++) {
    const app = `apps/web${s || ''}`;
    const server = `apps/api${s || ''}`;
    large.push(
      { path: `${app}/public/static/js/main.${R.hex(8)}.js`, make: () => minifiedBundle(R, 1_600_000, ['var a=n(12);t.authHeader=function(){var e=localStorage.getItem("jwt");return e?{Authorization:"Bearer "+e}:{}}']), jwt: true },
      {
        path: `${server}/dist/server.bundle.js`,
        make: () =>
          minifiedBundle(R, 3_400_000, [
            'var r=n(77),o=n(78);e.exports=function(e,t,n){var i=r.jws;return o.sign({header:{alg:"HS256"},payload:e,secret:t})}',
            // esbuild's shape for a bundled `import jwt from 'jsonwebtoken'`, with a key left in the source.
            'var import_jsonwebtoken=__toESM(n(501));t.issue=function(e){return import_jsonwebtoken.default.sign({sub:e.id},"bundled-production-secret-9f2c",{expiresIn:"1h"})}',
          ]),
        jwt: true,
      },
      { path: `${app}/public/vendor/charts.min.js`, make: () => minifiedBundle(R, 2_400_000, []), jwt: false },
      { path: `${app}/public/static/js/chunk-vendors.${R.hex(8)}.js`, make: () => minifiedBundle(R, 5_200_000, []), jwt: false },
      { path: `packages/graphql-client${s || ''}/src/generated/graphql.ts`, make: () => generatedGraphqlTypes(R, 1_800_000), jwt: false },
      { path: `packages/api-client${s || ''}/src/generated/api.ts`, make: () => generatedApiClient(R, 1_200_000), jwt: true },
      { path: `packages/proto${s || ''}/src/generated/messages_pb.js`, make: () => generatedProtobuf(R, 900_000), jwt: false },
      ...['en', 'de', 'ja'].map((l) => ({ path: `packages/i18n${s || ''}/src/locales/${l}.ts`, make: () => generatedLocale(R, 400_000), jwt: false })),
    );
  }
  for (const entry of large) {
    const text = entry.make();
    write(entry.path, text);
    manifest.large.push({ path: entry.path, bytes: Buffer.byteLength(text), mentionsJwt: entry.jwt });
  }

  const small = files - large.length;
  const pkgCount = Math.max(4, Math.round(small / 330));
  const pkgNames = Array.from({ length: pkgCount }, (_, k) => `${R.pick(NOUNS)}-${R.pick(['core', 'ui', 'utils', 'service', 'api', 'sdk', 'shared', 'worker'])}${k}`);
  const areas = ['components', 'hooks', 'services', 'utils', 'routes', 'models', 'store', 'lib', 'pages', 'api', 'config', 'types', 'helpers', 'features'];
  let written = 0;
  const crossPairs = Math.max(1, Math.round(small * 0.0015));
  // Cross-file pairs: config module and sink module in sibling folders of one package.
  for (let c = 0; c < crossPairs; c++) {
    const pkg = pkgNames[c % pkgNames.length];
    const ts = R.chance(0.6);
    const pair = crossFilePair(R, ts);
    const ext = pair.cjs ? 'js' : ts ? 'ts' : R.pick(['js', 'mjs']);
    const configPath = `packages/${pkg}/src/config/${R.pick(['auth', 'keys', 'security', 'app'])}${c}.${ext}`;
    const sinkPath = `packages/${pkg}/src/auth/${R.pick(['auth.module', 'strategy', 'tokens', 'session'])}${c}.${ext}`;
    // TS and require() spell the module without an extension; ESM JavaScript spells it in full.
    const stem = path.basename(configPath).replace(/\.\w+$/, '');
    const rel = `../config/${ext === 'ts' || pair.cjs ? stem : `${stem}.${ext}`}`;
    write(configPath, pair.config);
    write(sinkPath, pair.sink(rel));
    count(manifest.crossFile, pair.style);
    manifest.jwtFiles.push(sinkPath);
    written += 2;
  }

  const extWeights = [
    ['ts', 38],
    ['tsx', 14],
    ['js', 28],
    ['jsx', 4],
    ['mjs', 6],
    ['cjs', 6],
    ['mts', 1],
    ['cts', 1],
  ];
  for (let i = 0; written < small; i++, written++) {
    const pkg = pkgNames[Math.floor(R.next() * R.next() * pkgNames.length)]; // some packages much bigger than others
    const area = R.pick(areas);
    const depth = R.int(0, 2);
    const sub = depth === 0 ? '' : `/${R.pick(NOUNS)}${depth === 2 ? `/${R.pick(NOUNS)}` : ''}`;
    let ext = R.weighted(extWeights);
    let kind = R.weighted([
      ['module', 50],
      ['component', 14],
      ['routes', 6],
      ['test', 14],
      ['fixture', 3],
      ['constants', 4],
      ['barrel', 6],
      ['dts', 3],
    ]);
    if (kind === 'component' && !['tsx', 'jsx', 'js'].includes(ext)) ext = R.chance(0.75) ? 'tsx' : 'jsx';
    if (kind === 'dts') ext = 'ts';
    if (ext === 'tsx' && kind !== 'component' && kind !== 'test') kind = 'component';
    const base = `${R.pick(VERBS)}-${R.pick(NOUNS)}${i}`;
    const name = kind === 'test' ? `${base}.test.${ext}` : kind === 'dts' ? `${base}.d.ts` : kind === 'barrel' ? `index${i}.${ext}` : `${base}.${ext}`;
    const dir = kind === 'test' ? `packages/${pkg}/src/${area}${sub}/__tests__` : `packages/${pkg}/src/${area}${sub}`;
    const relative = `${dir}/${name}`;
    const roll = R.next();
    let text;
    if (roll < JWT_RATE && kind !== 'dts' && kind !== 'barrel') {
      const filler = smallModule(R, 'module', ext === 'tsx' ? 'ts' : ext, i);
      const planted = jwtModule(R, ext === 'tsx' ? 'ts' : ext, filler);
      text = planted.text;
      count(manifest.planted, planted.planted);
      manifest.jwtFiles.push(relative);
    } else if (roll < JWT_RATE + FRONTEND_JWT_RATE && kind !== 'dts') {
      text = frontendJwtMention(R, ext === 'ts' || ext === 'tsx') + '\n' + smallModule(R, 'module', ext === 'tsx' ? 'ts' : ext, i);
      manifest.frontendJwtMentions++;
    } else {
      text = smallModule(R, kind, ext, i);
      if (manifest.plainSamples.length < 50 && kind === 'module' && text.length < 4000) manifest.plainSamples.push(relative);
    }
    write(relative, text);
  }
  return manifest;
}
