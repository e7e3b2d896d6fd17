import { normalisedName } from '../src/analysis/normalised-name.js';
import { derivedSinksAt, flowReport, isPublicKeyMaterial, keyFlowsAt, pathFlowsAt, type KeyFlow } from '../src/analysis/key-flows.js';
import { nodeRegion } from '../src/ast/node-region.js';
import { pathKeys, registryWrite, writtenPath } from '../src/analysis/property-paths.js';
import { resolveKeyOrigins, type KeyOrigin } from '../src/analysis/resolve-key.js';
import { child, propertyName } from '../src/analysis/unwrap.js';
import { defineRule, type FlowLocation, type NodePath, type Region, type SharedFact } from '../src/rule.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { KEY_PROPERTY_NAMES } from './data/jwt-secret-names.js';
import { isKeyName } from './jwt-secret-by-name.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId =
  | 'optionLiteral'
  | 'literalViaBinding'
  | 'literalViaProperty'
  | 'envFallbackLiteral'
  | 'fallbackLiteral'
  | 'defaultValueLiteral'
  | 'literalViaArgument'
  | 'pathCandidate'
  | 'literalViaPropertyPath';

/** A property path read into a JWT key that the resolver could not follow (shared for the cross-file step). */
interface PathReadFact {
  kind: 'path-read';
  keys: string[];
  path: string;
  sink: string;
  call: Region;
  read: Region;
}

/** A literal written at a key-like property path: a finding only if some JWT key reads that path. */
interface PathWriteFact {
  kind: 'path-write';
  keys: string[];
  path: string;
  region: Region;
}

export const jwtHardcodedSecret = defineRule<MessageId>({
  id: 'jwt-hardcoded-secret',
  name: 'HardcodedJwtSecret',
  shortDescription: 'Hard-coded JWT signing key',
  fullDescription:
    'A string literal in the source reaches the key of a JWT library through a variable, an object property, an options object or a fallback for a missing environment variable. Anyone who can read the repository can forge tokens the service accepts.',
  help: `## Why it matters
A literal in the code becomes the key that signs or verifies JSON Web Tokens. Whether it is written in
a constant, a config object, the options of \`express-jwt\` / \`passport-jwt\` / \`@nestjs/jwt\`, or as
a "development" fallback such as \`process.env.JWT_SECRET || 'dev-secret'\`, it ships with the code: a
deployment that forgets the variable silently runs with the public key, and anyone with read access
can forge tokens.

## How to fix
Read the key only from the environment or a secrets manager, with no literal fallback, and fail fast
at start-up when it is missing. Rotate any key that was committed: it stays in git history.

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET || 'local-dev-secret';
module.exports = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);
\`\`\`

Correct:
\`\`\`js
const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET is not set');
module.exports = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
Fixtures for tests that never reach a deployed service. Prefer generating the key in the test
(\`crypto.randomBytes(32)\`), or exclude the test directory from the scan.

## References
- [OWASP JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html)
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [RFC 8725: JSON Web Token Best Current Practices](https://www.rfc-editor.org/rfc/rfc8725)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
`,
  tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-321', 'jwt', 'secrets'],
  level: 'error',
  securitySeverity: 9.1,
  precision: 'high',
  messages: {
    optionLiteral: 'Hard-coded JWT key {{key}} set as option "{{property}}" of {{sink}}; load it from the environment or a secrets manager and rotate it.',
    literalViaBinding: 'Hard-coded JWT key {{key}} in "{{name}}" reaches {{sink}}; load it from the environment or a secrets manager and rotate it.',
    literalViaProperty: 'Hard-coded JWT key {{key}} in "{{name}}" reaches {{sink}}; load it from the environment or a secrets manager and rotate it.',
    envFallbackLiteral: 'Hard-coded fallback JWT key {{key}} is used by {{sink}} whenever {{name}} is unset; remove the fallback and fail at start-up instead.',
    fallbackLiteral: 'Hard-coded fallback JWT key {{key}} can reach {{sink}}; remove the literal and load the key from the environment or a secrets manager.',
    defaultValueLiteral: 'Hard-coded default JWT key {{key}} for "{{name}}" reaches {{sink}}; remove the default and load the key from the environment or a secrets manager.',
    literalViaArgument: 'Hard-coded JWT key {{key}} is passed to {{name}}, whose parameter reaches {{sink}}; load it from the environment or a secrets manager and rotate it.',
    pathCandidate: 'Hard-coded value {{key}} at "{{path}}" (a candidate, kept only when a JWT key reads that property path).',
    literalViaPropertyPath:
      'Hard-coded JWT key {{key}} written at "{{path}}" reaches {{sink}}, which reads "{{read}}" ({{reader}}): linked by property path; load it from the environment or a secrets manager and rotate it.',
  },
  keywords: JWT_SINK_KEYWORDS,
  settingsKeywords: configSinkKeywords,
  create(context) {
    /** Literals written at a path (or a registry key): provisional candidates, confirmed by a read of the same path. */
    const shareWrites = (value: NodePath, keys: string[], pathLabel: string) => {
      if (keys.length === 0) return;
      for (const origin of writtenLiterals(value, context.file)) {
        const region = nodeRegion(origin.node);
        if (!region) continue;
        const fact: PathWriteFact = { kind: 'path-write', keys, path: pathLabel, region };
        context.report({ messageId: 'pathCandidate', data: { path: fact.path }, keyNode: origin.node, keyValue: origin.value, byteLength: origin.byteLength, provisional: true });
        context.share(fact, origin.node);
      }
    };
    return {
      'CallExpression|NewExpression'(path) {
        // A function whose parameter reaches this key is a JWT call for the modules that call it.
        for (const sink of derivedSinksAt(path, jwtCatalogue(context.settings))) context.deriveSink(sink);
        for (const { read, sinkLabel, callNode } of pathFlowsAt(path, jwtCatalogue(context.settings))) {
          const keys = registryKeys(read.registry, pathKeys(read.segments, isKeyName));
          const call = nodeRegion(callNode);
          const region = nodeRegion(read.node);
          if (keys.length === 0 || !call || !region || (read.module && read.module.file !== context.file)) continue;
          const readPath = read.registry ? `get${read.registry}(…${read.segments.join('.')})` : read.segments.join('.');
          const fact: PathReadFact = { kind: 'path-read', keys, path: readPath, sink: sinkLabel, call, read: region };
          context.share(fact);
        }
        // `setMetadata(plugin.metadata.Secret, value)`: a value some `getMetadata(…)` may read as a key.
        const registered = registryWrite(path);
        if (registered) shareWrites(registered.value, registryKeys(registered.registry, pathKeys(registered.segments, isKeyName)), `set${registered.registry}(…${registered.segments.join('.')})`);
        for (const flow of keyFlowsAt(path, jwtCatalogue(context.settings))) {
          const messageId = messageFor(flow);
          if (!messageId) continue;
          context.report({
            messageId,
            data: { sink: flow.sinkLabel, name: flow.origin.name ?? '', property: propertyOf(flow) },
            ...flowReport(flow),
          });
        }
      },
      // Key-like properties written with a literal: candidates for a link by property path (see afterScan).
      ObjectProperty(path) {
        const name = propertyName(path.node.key, path.node.computed);
        if (name === undefined || !(KEY_PROPERTY_NAMES.has(normalisedName(name)) || isKeyName(name))) return;
        const segments = writtenPath(path);
        if (segments) shareWrites(child(path, 'value'), pathKeys(segments, isKeyName), segments.join('.'));
      },
    };
  },
  // A literal written at `jwt.secret` is linked by a read of that path: the reading file names its last property.
  supportWords(facts) {
    return facts.flatMap((fact) => {
      const data = fact.data as PathReadFact | PathWriteFact;
      return data.kind === 'path-write' ? data.keys.map((key) => key.split(/[.:]/).at(-1)!) : [];
    });
  },
  afterScan(context) {
    const reads = new Map<string, { fact: SharedFact; data: PathReadFact }[]>();
    for (const fact of context.facts) {
      const data = fact.data as PathReadFact | PathWriteFact;
      if (data.kind !== 'path-read') continue;
      for (const key of data.keys) reads.set(key, [...(reads.get(key) ?? []), { fact, data }]);
    }
    for (const fact of context.facts) {
      const data = fact.data as PathReadFact | PathWriteFact;
      if (data.kind !== 'path-write') continue;
      const uses = [...new Set(data.keys.flatMap((key) => reads.get(key) ?? []))];
      const first = uses[0];
      if (!first) {
        context.amend(fact, { messageId: 'pathCandidate', drop: true });
        continue;
      }
      const flow: FlowLocation[] = [
        { label: `written at ${data.path}`, file: fact.file, region: data.region },
        { label: `read as ${first.data.path} (linked by property path)`, file: first.fact.file, region: first.data.read },
        { label: `key of ${first.data.sink}`, file: first.fact.file, region: first.data.call },
      ];
      context.amend(fact, {
        messageId: 'literalViaPropertyPath',
        replaces: 'pathCandidate',
        data: { path: data.path, sink: first.data.sink, read: first.data.path, reader: `${first.fact.file}:${first.data.read.start.line}` },
        // No related locations: a link by name is no proof that production code uses a key written in a
        // test (which related locations outside test code would say); the flow shows the read and the call.
        flow,
      });
    }
  },
});

/**
 * The literals a key-like property is written with, in this module: the literal, a constant, an
 * environment fallback (`process.env.X || DEFAULT`). A public key is no secret; an empty value no key.
 */
function writtenLiterals(value: NodePath, file: string): KeyOrigin[] {
  const inThisModule = (origin: KeyOrigin) => origin.module === undefined || origin.module.file === file;
  return resolveKeyOrigins(value).filter((o) => o.value !== '' && inThisModule(o) && !o.partial && !isPublicKeyMaterial(o.value));
}

/** A registry's keys are its own: `Metadata:metadata.Secret` links only to `getMetadata(…metadata.Secret)`. */
function registryKeys(registry: string | undefined, keys: string[]): string[] {
  return registry === undefined ? keys : keys.map((key) => `${registry}:${key}`);
}

/**
 * A literal written as a key argument is jwt-inline-secret's; everything else that resolves is ours.
 * An empty fallback (`process.env.X || ''`) holds no key material: the libraries reject an empty key,
 * and jwt-weak-secret reports that no key is configured.
 */
function messageFor(flow: KeyFlow): MessageId | undefined {
  if (flow.origin.value === '' && flow.origin.via !== 'inline' && flow.origin.via !== 'binding' && flow.origin.via !== 'property') return undefined;
  switch (flow.origin.via) {
    case 'inline':
      return flow.site.position === 'option' ? 'optionLiteral' : undefined;
    case 'binding':
      return 'literalViaBinding';
    case 'property':
      return 'literalViaProperty';
    case 'envFallback':
      return 'envFallbackLiteral';
    case 'fallback':
      return 'fallbackLiteral';
    case 'defaultValue':
      return 'defaultValueLiteral';
    case 'argument':
      return 'literalViaArgument';
  }
}

function propertyOf(flow: KeyFlow): string {
  // (`assignedTo`: koa-jwt's `ctx.state.secret`, an option set per request)
  return (flow.site.key.property ?? flow.site.key.assignedTo)?.join('.') ?? '';
}
