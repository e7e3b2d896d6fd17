import { normalisedName } from '../src/analysis/normalised-name.js';
import { environmentValues } from '../src/analysis/environment-objects.js';
import { keyFlowsAt, flowReport } from '../src/analysis/key-flows.js';
import { tokenKindAt, tokenKindOfName } from '../src/analysis/token-kind.js';
import { configEnvironmentOf, configKindOf } from '../src/config-files/kind.js';
import { defineRule, type KeyPlace, type Level, type RelatedLocation } from '../src/rule.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';
import { KEY_PROPERTY_NAMES } from './data/jwt-secret-names.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { SECRET_CATALOGUE, SECRET_SINK_KEYWORDS, SECRET_SINKS } from './data/secret-sinks.js';
import { isKeyName } from './jwt-secret-by-name.js';

type MessageId = 'privateKeyCopied' | 'sharedAcrossServices' | 'sharedAcrossEnvironments' | 'sharedAcrossTokenKinds' | 'sharedWithOtherSecret';

/** Why one key in several places is a problem: the first reason found names the message, the others follow it. */
interface Reason {
  messageId: MessageId;
  data: Record<string, string | number>;
  /** Said after the first reason: "also shared by 2 services (apps/api, apps/web)". */
  also: string;
}

export const jwtReusedSecret = defineRule<MessageId>({
  id: 'jwt-reused-secret',
  name: 'ReusedJwtSecret',
  shortDescription: 'JWT key reused across services, token kinds, environments or purposes',
  fullDescription:
    'The same key value signs tokens for two services, for access and refresh tokens, in development and production configuration, or also serves as a cookie, session, CSRF or encryption secret; or the same private key is committed in two places. One leak then breaks every place that shares the key.',
  help: `## Why it matters
A JWT key should be unique per service, per token kind and per environment, and serve no other
purpose. When two services share a key, a token one of them issues is accepted by the other, and a
leak from the least protected one exposes both. A refresh token signed with the access-token key
passes as an access token. A production key that is also in the development config leaks with every
laptop and CI log that holds the development config. A key that also signs session cookies or
encrypts data ties their rotation together and widens what one leak exposes. jwtscan compares the
keys it finds by a salted digest that exists only during the scan (never stored or printed), and
reports each shared key once, at its first place, with every other place as a related location.

The finding is a warning; it is an error when the shared key is a private key or sits in production
configuration, where the reuse already reaches deployed services. Each place also has its own
hard-coded-key finding; this one is about the sharing.

## How to fix
Give every service, token kind and environment its own key, generated with \`jwtscan gen-secret\`,
and give sessions, cookies, CSRF and encryption their own secrets. Load each from its own environment
variable or secrets-manager entry.

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const session = require('express-session');
const SECRET = 'keyboard-cat-shared-between-session-and-jwt';
app.use(session({ secret: SECRET }));
module.exports = (user) => jwt.sign({ sub: user.id }, SECRET);
\`\`\`

Correct:
\`\`\`js
const jwt = require('jsonwebtoken');
const session = require('express-session');
app.use(session({ secret: process.env.SESSION_SECRET }));
module.exports = (user) => jwt.sign({ sub: user.id }, process.env.JWT_SECRET);
\`\`\`

${ROTATION_CHECKLIST}

A service is a package that runs on its own: a workspace package or a folder under \`apps/\`,
\`services/\` or \`packages/\` with a package.json, under \`apps/\` or \`services/\` or with a start, dev
or serve script. A library is none (its code runs in the services that import it). A key counts for
the services whose calls use it; a value only named like a key, with no call seen, counts for none.

## When it is not a problem / how to suppress
Keys in test and example code, and in test and template config files (\`.env.test\`,
\`.env.example\`), are left out: a placeholder such as \`'secret'\` in two test files is no shared
production key. The same key read in several files of one service, or used to sign and verify the
same kind of token, is one key in one place and is not reported. Services that must share a key by
design (one verifies what the other signs) are better served by an asymmetric key pair; otherwise
suppress the case with \`// jwtscan-ignore jwt-reused-secret -- reason\` on the line of the reported place.

## References
- [OWASP JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html)
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [RFC 8725 §3.9, §3.11: JWT Best Current Practices (cross-JWT confusion, distinct keys)](https://www.rfc-editor.org/rfc/rfc8725)
- [CWE-323: Reusing a Nonce, Key Pair in Encryption](https://cwe.mitre.org/data/definitions/323.html)
- [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
`,
  tags: ['security', 'external/cwe/cwe-323', 'external/cwe/cwe-321', 'jwt', 'secrets'],
  level: 'warning',
  securitySeverity: 7.5,
  precision: 'high',
  messages: {
    privateKeyCopied: 'The same private key {{key}} is committed in {{count}} places{{also}}; keep one copy, outside the repository, and rotate it (see related locations).',
    sharedAcrossServices: 'The JWT key {{key}} is shared by {{count}} services ({{services}}){{also}}; give each service its own key, so one leak does not expose the others (see related locations).',
    sharedAcrossEnvironments: 'The JWT key {{key}} is the same in development and production configuration ({{files}}){{also}}; give each environment its own key (see related locations).',
    sharedAcrossTokenKinds: 'The JWT key {{key}} signs or verifies both access and refresh tokens{{also}}; use a separate key per token kind, so a refresh token can never pass as an access token (see related locations).',
    sharedWithOtherSecret: 'The JWT key {{key}} is also used as {{uses}}{{also}}; give each purpose its own secret (see related locations).',
  },
  keywords: [...JWT_SINK_KEYWORDS, ...SECRET_SINK_KEYWORDS],
  settingsKeywords: configSinkKeywords,
  // Config files: only values named for one token kind (ACCESS_TOKEN_SECRET, jwt.refresh.secret) are noted.
  configPattern: /(?:access|refresh)/i,
  create(context) {
    // Only a file that names a secret sink's module can call one: skip that catalogue everywhere else.
    const lower = context.source.toLowerCase();
    const secretSinks = SECRET_SINK_KEYWORDS.some((k) => lower.includes(k));
    return {
      'CallExpression|NewExpression'(path) {
        const kind = () => tokenKindAt(path);
        for (const flow of keyFlowsAt(path, jwtCatalogue(context.settings))) {
          const tokenKind = kind() ?? tokenKindOfName(flow.origin.name);
          const { keyNode, keyValue, byteLength, keyFile, sinkNode } = flowReport(flow);
          context.noteKeyUse({ keyNode, keyValue, byteLength, keyFile, sinkNode, use: 'jwt', label: flow.sinkLabel, ...(tokenKind ? { tags: { tokenKind } } : {}) });
        }
        for (const flow of secretSinks ? keyFlowsAt(path, SECRET_CATALOGUE) : []) {
          const sink = SECRET_SINKS.find((s) => s === flow.sink);
          const { keyNode, keyValue, byteLength, keyFile, sinkNode } = flowReport(flow);
          context.noteKeyUse({ keyNode, keyValue, byteLength, keyFile, sinkNode, use: sink?.use ?? 'secret', label: flow.sinkLabel });
        }
      },
      ObjectExpression(path) {
        for (const found of environmentValues(path)) {
          const name = found.path.at(-1)!;
          if (!isKeyName(name) && !KEY_PROPERTY_NAMES.has(normalisedName(name))) continue;
          context.noteKeyUse({ keyNode: found.node, keyValue: found.value, use: 'config', label: `config ${found.path.join('.')}`, tags: { environment: found.environment } });
        }
      },
    };
  },
  scanConfig(context) {
    for (const entry of context.entries) {
      const name = entry.form === 'env' ? entry.name : entry.path.join('.');
      const tokenKind = tokenKindOfName(name);
      if (tokenKind) context.noteKeyUse({ entry, use: 'config', label: name, tags: { tokenKind } });
    }
  },
  afterFindings(context) {
    const byKey = new Map<string, KeyPlace[]>();
    for (const place of context.places) {
      // Test and example code shares placeholders freely (so do test and template config files, such as
      // two services' .env.test); only production places count.
      if (!place.inTest && !isTestConfig(place.file)) byKey.set(place.digest, [...(byKey.get(place.digest) ?? []), place]);
    }
    for (const places of byKey.values()) {
      const at = places.find((p) => p.finding && isJwtKey(p));
      if (!at) continue;
      const reasons = reasonsFor(places, context.serviceOf);
      const [first, ...more] = reasons;
      if (!first) continue;
      const also = more.length > 0 ? ` (also ${more.map((r) => r.also).join('; ')})` : '';
      context.report({ messageId: first.messageId, data: { ...first.data, also }, level: levelFor(places), at, related: relatedOf(at, places, context.serviceOf) });
    }
  },
});

/** A place some rule reported as a JWT key (a token is not a key), or a literal seen reaching a JWT call. */
function isJwtKey(place: KeyPlace): boolean {
  return problemsAt(place).some((id) => id !== 'jwt-hardcoded-token') || place.uses.some((u) => u.use === 'jwt');
}

/** The rules that found the key at this place (none when only a use was noted there). */
function problemsAt(place: KeyPlace): readonly string[] {
  return place.finding ? (place.finding.problems ?? [place.finding.ruleId]) : [];
}

function reasonsFor(places: readonly KeyPlace[], serviceOf: (file: string) => string | undefined): Reason[] {
  const reasons: Reason[] = [];
  if (places.some((p) => p.privateKey) && places.length > 1) {
    reasons.push({ messageId: 'privateKeyCopied', data: { count: places.length }, also: `committed in ${places.length} places` });
  }
  const services = [...new Set(places.flatMap((p) => usedIn(p).map(serviceOf)).filter((s): s is string => s !== undefined))].sort();
  if (services.length > 1) {
    const names = services.map(shortService).join(', ');
    reasons.push({ messageId: 'sharedAcrossServices', data: { count: services.length, services: names }, also: `shared by ${services.length} services (${names})` });
  }
  const production = places.filter((p) => environmentsOf(p).includes('production'));
  const development = places.filter((p) => environmentsOf(p).includes('development'));
  if (production.length > 0 && development.length > 0) {
    const files = [...new Set([...development, ...production].map((p) => p.file.split('/').pop()!))].join(', ');
    reasons.push({ messageId: 'sharedAcrossEnvironments', data: { files }, also: 'the same in development and production configuration' });
  }
  // The kind a JWT call makes (its names), or the kind a config value is named for.
  const kinds = new Set(places.flatMap((p) => p.uses.flatMap((u) => ((u.use === 'jwt' || u.use === 'config') && u.tags?.tokenKind ? [u.tags.tokenKind] : []))));
  if (kinds.has('access') && kinds.has('refresh')) reasons.push({ messageId: 'sharedAcrossTokenKinds', data: {}, also: 'for both access and refresh tokens' });
  const others = [...new Set(places.flatMap((p) => p.uses.filter((u) => u.use !== 'jwt' && u.use !== 'config').map((u) => `the ${u.use} of ${u.label}`)))].sort();
  if (others.length > 0) reasons.push({ messageId: 'sharedWithOtherSecret', data: { uses: others.join(', ') }, also: `used as ${others.join(', ')}` });
  return reasons;
}

/** Problems that guess a key by its name or find a token: no evidence that a service uses the value as its key. */
const GUESSES = new Set(['jwt-secret-by-name', 'jwt-hardcoded-token']);

/**
 * Where a key is used: the files of the calls it reaches, or, for a value no call was seen reading (a
 * config file whose variable the code reads), its own file. A value only named like a key (a library's
 * default `jwtSecret: 'supersecret'`) puts no service in the count.
 */
function usedIn(place: KeyPlace): string[] {
  const calls = [...(place.finding?.related ?? []).map((r) => r.file ?? place.file), ...place.uses.flatMap((u) => (u.sink ? [u.sink.file] : []))];
  if (calls.length > 0) return calls;
  return problemsAt(place).some((id) => !GUESSES.has(id)) ? [place.file] : [];
}

function isTestConfig(file: string): boolean {
  return configKindOf(file) !== undefined && ['test', 'template'].includes(configEnvironmentOf(file));
}

function environmentsOf(place: KeyPlace): string[] {
  const fromUses = place.uses.flatMap((u) => (u.tags?.environment ? [u.tags.environment] : []));
  return configKindOf(place.file) ? [configEnvironmentOf(place.file), ...fromUses] : fromUses;
}

/** An error when the reuse reaches deployed services for sure: a private key, or a key in production configuration. */
function levelFor(places: readonly KeyPlace[]): Level {
  return places.some((p) => p.privateKey || environmentsOf(p).includes('production')) ? 'error' : 'warning';
}

/** Every other place of the key, and the calls that make it a reuse (other services' calls, the other token kind, the other purpose). */
function relatedOf(at: KeyPlace, places: readonly KeyPlace[], serviceOf: (file: string) => string | undefined): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  const add = (location: RelatedLocation) => {
    const same = (r: RelatedLocation) => (r.file ?? at.file) === (location.file ?? at.file) && r.region.start.line === location.region.start.line && r.region.start.column === location.region.start.column;
    if (same({ label: '', file: at.file, region: at.region }) || out.some(same)) return;
    // A location in the reported place's own file carries no file, as the engine's related locations.
    const { file, ...rest } = location;
    out.push(file === undefined || file === at.file ? rest : { ...rest, file });
  };
  for (const place of places) {
    const service = serviceOf(place.file);
    const where = service ? ` (${shortService(service)})` : '';
    if (place !== at) add({ label: `the same key${where}`, file: place.file, region: place.region, role: 'copy' });
    for (const use of place.uses) {
      if (!use.sink) continue;
      const what = use.use === 'jwt' ? `${use.label}${use.tags?.tokenKind ? `, ${use.tags.tokenKind} token` : ''}` : `${use.label} (${use.use})`;
      add({ label: what, file: use.sink.file, region: use.sink.region });
    }
    for (const call of place.finding?.related ?? []) add({ ...call, file: call.file ?? place.file });
  }
  return out;
}

/** `apps/api` for `…/apps/api`: the folder and its parent say which service. */
function shortService(dir: string): string {
  return dir.split('/').slice(-2).join('/');
}
