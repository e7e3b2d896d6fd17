import type { Node } from '@babel/types';
import { normalisedName } from '../src/analysis/normalised-name.js';
import { envFlowsAt, isPublicKeyMaterial } from '../src/analysis/key-flows.js';
import { envVariableName } from '../src/analysis/env-read.js';
import { nodeRegion } from '../src/ast/node-region.js';
import { assessKey, type Weakness } from '../src/analysis/key-strength.js';
import { defineRule, type NodePath, type ConfigEntry, type ConfigEnvironment, type FlowLocation, type Level, type Region, type SharedFact } from '../src/rule.js';
import { FRAMEWORK_JWT_ENV, FRAMEWORK_JWT_ENV_PATTERNS, FRAMEWORK_JWT_PATHS, PLACEHOLDER_PATTERN, PLACEHOLDER_VALUES, REFERENCE_PATTERN } from './data/config-keys.js';
import { KEY_PROPERTY_NAMES } from './data/jwt-secret-names.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { isKeyName } from './jwt-secret-by-name.js';
import { STRENGTH_CHECKS } from './jwt-weak-secret.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId = 'linkedKey' | 'frameworkKey' | 'namedKey' | 'candidate';

/** What the code side shares: an environment variable read into the key of a JWT call. */
interface EnvReadFact {
  kind: 'env-read';
  /** What is read: `env:JWT_SECRET` or `setting:jwt.secret` (node-config). */
  key: string;
  env: string;
  /** `process.env.JWT_SECRET`, `get('JWT_SECRET')`. */
  label: string;
  sink: string;
  /** Where the variable is read (may be another module than the call's). */
  readFile: string;
  read: Region;
  call: Region;
  /** The hops between the read and the call (bindings, properties, imports), read side first. */
  hops: FlowLocation[];
}

/** node-config's env mapping: reading the setting reads the variable too. */
interface EnvMapFact {
  kind: 'env-map';
  setting: string;
  env: string;
}

/** What a config file shares: a value that becomes a finding only if some code reads it into a key. */
interface ConfigFact {
  kind: 'config';
  name: string;
  /** What code must read for the value to be its key: `env:JWT_SECRET`, or `setting:jwt.secret` in node-config files. */
  key?: string;
  /** Only `env` entries are read through process.env. */
  form: ConfigEntry['form'];
  environment: ConfigEnvironment;
  region: Region;
  weakness: string;
  /** Reported as named or framework key already: linking only strengthens it. */
  reported: boolean;
}

const CONFIG_PATTERN =
  /^\s*(?:environment|env|stringData|envFrom):|^kind:\s*Secret\b|(?:^|[{,])[ \t-]*["']?[\w.-]*(?:jwt|secret|signing|_key|Key)[\w.-]*["']?[ \t]*[:=][ \t]*["']?[^\s"'{}[\]#|>&*!]/im;

export const jwtConfigSecret = defineRule<MessageId>({
  id: 'jwt-config-secret',
  name: 'JwtSecretInConfigFile',
  shortDescription: 'JWT signing key committed in a configuration file',
  fullDescription:
    'A .env, JSON or YAML file in the repository holds the value that code or a framework uses as a JWT signing key. Anyone who can read the repository can forge tokens for every deployment that uses the committed value.',
  help: `## Why it matters
A key in a committed \`.env\`, \`config/default.json\`, compose file or Kubernetes manifest ships with
the repository exactly like a key in the code: every clone, fork and CI log has it, and deployments
that take the file as it is sign their tokens with a key the world can read. jwtscan links the value to
its use: \`JWT_SECRET=…\` in \`.env\` is reported with the code that reads \`process.env.JWT_SECRET\` into
\`jwt.sign\` (the flow is in the message and in SARIF code flows), and settings a framework signs
tokens with (\`NEXTAUTH_SECRET\`, \`PAYLOAD_SECRET\`, Strapi's \`ADMIN_JWT_SECRET\`, Feathers'
\`authentication.secret\`) count without any code. A name that says JWT key (\`JWT_SECRET\`,
\`*_JWT_SECRET\`, \`jwt.secret\`) counts at lower precision when no use was found.

Levels follow the file: a committed \`.env\`, \`.env.production\`, \`config/default.json\`, compose file
or manifest is an error when the value is linked to a JWT key; \`.env.development\` and friends are
warnings; \`.env.test\` and files in test paths are notes. Templates (\`.env.example\`, \`.sample\`,
\`.template\`, \`.dist\`) holding a placeholder (\`changeme\`, \`your-secret-here\`, \`<…>\`, \`\${VAR}\`) are
not reported; a template holding a real-looking key is (people paste real keys into templates).

## How to fix
Keep the key out of the repository: set it in the deployment's environment or a secrets manager,
commit only a template with an empty value, and git-ignore the real file. Rotate the committed key:
it stays in git history.

Incorrect:
\`\`\`sh
# .env (committed)
JWT_SECRET=dev-secret-123
\`\`\`

Correct:
\`\`\`sh
# .env.example (committed)
JWT_SECRET=
# .env is in .gitignore; the deployment sets JWT_SECRET from its secrets store
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
A value that signs nothing outside a test. Put it in \`.env.test\` (reported as a note) or suppress
the line with \`# jwtscan-ignore-next-line jwt-config-secret -- reason\` (JSON has no comments: use the
config file's \`rules\` or a baseline).

## References
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [The Twelve-Factor App: Config](https://12factor.net/config)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [CWE-540: Inclusion of Sensitive Information in Source Code](https://cwe.mitre.org/data/definitions/540.html)
`,
  tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-540', 'jwt', 'secrets', 'config'],
  level: 'error',
  securitySeverity: 8.8,
  precision: 'high',
  messages: {
    linkedKey:
      'JWT key {{key}} committed in {{environment}} as {{name}}: {{reader}} reads it as the key of {{sink}}{{weakness}}; remove it from the file, set it in the deployment environment or a secrets manager, and rotate it.',
    frameworkKey:
      'JWT key {{key}} committed in {{environment}} as {{name}}, which {{framework}} signs tokens with{{weakness}}; remove it from the file, set it in the deployment environment or a secrets manager, and rotate it.',
    namedKey:
      'Value {{key}} of {{name}}, a name for a JWT signing key, committed in {{environment}} (no code reading it was found){{weakness}}; keep it in the deployment environment or a secrets manager and rotate it.',
    candidate: 'Value {{key}} of {{name}} in {{environment}}: reported only if code reads it into a JWT key.',
  },
  keywords: JWT_SINK_KEYWORDS,
  settingsKeywords: configSinkKeywords,
  // YAML or JSON with environment variables (compose, manifests, CI) or a key-named setting holding a
  // value on its line; not API specs or lockfiles that only mention tokens and keys.
  configPattern: CONFIG_PATTERN,
  create(context) {
    // The code side: which environment variables reach a JWT key, for the config files' values.
    return {
      'CallExpression|NewExpression'(path) {
        // @nestjs/config: registerAs('jwt', () => ({ secret: process.env.JWT_SECRET })) makes get('jwt.secret') read JWT_SECRET.
        for (const mapping of registerAsMappings(path)) context.share(mapping);
        for (const flow of envFlowsAt(path, jwtCatalogue(context.settings))) {
          const read = nodeRegion(flow.read.node);
          const call = nodeRegion(flow.callNode);
          if (!read || !call) continue;
          const hops = [...flow.read.steps].reverse().flatMap((step): FlowLocation[] => {
            const region = nodeRegion(step.node);
            return region ? [{ label: step.label, file: step.module?.file ?? context.file, region }] : [];
          });
          const fact: EnvReadFact = { kind: 'env-read', key: `${flow.read.kind}:${flow.read.name}`, env: flow.read.name, label: flow.read.label, sink: flow.sinkLabel, readFile: flow.read.module?.file ?? context.file, read, call, hops };
          context.share(fact);
        }
      },
    };
  },
  scanConfig(context) {
    // node-config's custom-environment-variables.json: setting path -> the variable that overrides it.
    if (/(?:^|\/)custom-environment-variables\.json5?$/.test(context.file)) {
      for (const entry of context.entries) {
        const setting = entry.path.at(-1) === '__name' ? entry.path.slice(0, -1) : entry.path;
        const mapping: EnvMapFact = { kind: 'env-map', setting: `setting:${setting.join('.')}`, env: `env:${entry.value}` };
        if (/^[A-Z][A-Z0-9_]*$/.test(entry.value)) context.share(mapping);
      }
      return;
    }
    for (const entry of context.entries) {
      const value = keyInValue(entry.value.trim());
      if (!couldBeKey(value)) continue;
      // A template's human-chosen value is a placeholder ("thisisasamplesecret", "random string for
      // your JWT secret"); only a real-looking key (random, or a private key) pasted into it leaks.
      if (context.environment === 'template' && (isPlaceholder(value) || humanChosen(value))) continue;
      const framework = frameworkOf(entry);
      const named = framework === undefined && isJwtKeyName(entry);
      const weakness = describeWeakness(value);
      const where = ENVIRONMENT_PHRASE[context.environment];
      // Settings are named by their key path (`jwt.secret`), variables by their name.
      const shown = entry.form === 'env' ? entry.name : entry.path.join('.');
      const setting = entry.form === 'key' && NODE_CONFIG_FILE.test(context.file);
      const fact = (reported: boolean): ConfigFact => ({
        kind: 'config',
        name: shown,
        ...(entry.form === 'env' ? { key: `env:${entry.name}` } : setting ? { key: `setting:${entry.path.join('.')}` } : {}),
        form: entry.form,
        environment: context.environment,
        region: context.regionOf(entry),
        weakness,
        reported,
      });
      if (framework !== undefined) {
        context.report({ messageId: 'frameworkKey', data: { name: shown, framework, environment: where, weakness }, entry, level: linkedLevel(context.environment) });
      } else if (named) {
        context.report({ messageId: 'namedKey', data: { name: shown, environment: where, weakness }, entry, level: namedLevel(context.environment) });
      } else if (entry.form === 'env' || setting) {
        // Any variable (or node-config setting) may be the key some code reads: a candidate until the whole scan says so.
        context.report({ messageId: 'candidate', data: { name: shown, environment: where }, entry, level: 'note' });
      } else {
        continue;
      }
      context.share(fact(framework !== undefined || named), entry);
    }
  },
  // Code that reads a value names its variable, or the last property of its setting (also through a node-config mapping).
  supportWords(facts) {
    const lastName = (key: string) => key.replace(/^\w+:/, '').split('.').at(-1)!;
    return facts.flatMap((fact) => {
      const data = fact.data as EnvReadFact | ConfigFact | EnvMapFact;
      if (data.kind === 'config') return data.key !== undefined ? [lastName(data.key)] : [];
      return data.kind === 'env-map' ? [lastName(data.setting), lastName(data.env)] : [];
    });
  },
  afterScan(context) {
    const reads = new Map<string, { fact: SharedFact; data: EnvReadFact }[]>();
    const add = (key: string, use: { fact: SharedFact; data: EnvReadFact }) => {
      const list = reads.get(key) ?? [];
      list.push(use);
      reads.set(key, list);
    };
    const facts = context.facts.map((fact) => ({ fact, data: fact.data as EnvReadFact | ConfigFact | EnvMapFact }));
    for (const { fact, data } of facts) if (data.kind === 'env-read') add(data.key, { fact, data });
    // A setting node-config maps to a variable: its readers read the variable.
    for (const { data } of facts) {
      if (data.kind !== 'env-map') continue;
      for (const use of reads.get(data.setting) ?? []) add(data.env, use);
    }
    // convict's and nconf's getters (`conf.get('jwt.secret')`, `nconf.get('jwt:secret')`) read the settings files too.
    for (const [key, uses] of [...reads]) if (key.startsWith('getter:')) for (const use of uses) add(`setting:${key.slice('getter:'.length)}`, use);
    for (const fact of context.facts) {
      const data = fact.data as EnvReadFact | ConfigFact | EnvMapFact;
      if (data.kind !== 'config') continue;
      const uses = data.key !== undefined ? nearest(reads.get(data.key) ?? [], readersFolder(fact.file, data.key)) : [];
      const first = uses[0];
      if (!first) {
        if (!data.reported) context.amend(fact, { messageId: 'candidate', drop: true });
        continue;
      }
      const code = first.data;
      const flow: FlowLocation[] = [
        { label: `${data.name} in ${fact.file.split('/').pop()}`, file: fact.file, region: data.region },
        { label: code.label, file: code.readFile, region: code.read },
        ...code.hops,
        { label: `key of ${code.sink}`, file: first.fact.file, region: code.call },
      ];
      const related = uses.map((use) => ({ label: use.data.sink, file: use.fact.file, region: use.data.call }));
      context.amend(fact, {
        messageId: 'linkedKey',
        data: {
          name: data.name,
          environment: ENVIRONMENT_PHRASE[data.environment],
          reader: `${code.readFile}:${code.read.start.line}`,
          sink: code.sink,
          weakness: data.weakness,
        },
        level: linkedLevel(data.environment),
        flow,
        related: dedupe(related),
      });
    }
  },
});

/** `registerAs('ns', () => ({ key: process.env.NAME }))` (nested objects too): `getter:ns.key` reads `env:NAME`. */
function registerAsMappings(call: NodePath): EnvMapFact[] {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.callee.type !== 'Identifier' || node.callee.name !== 'registerAs' || node.arguments.length < 2) return [];
  const namespace = node.arguments[0]!.type === 'StringLiteral' ? node.arguments[0].value : undefined;
  const factory = node.arguments[1]!;
  if (namespace === undefined || (factory.type !== 'ArrowFunctionExpression' && factory.type !== 'FunctionExpression')) return [];
  let body: Node | undefined = factory.body;
  while (body?.type === 'ParenthesizedExpression' || body?.type === 'TSAsExpression') body = body.expression;
  if (body?.type === 'BlockStatement') {
    const returned = body.body.find((s) => s.type === 'ReturnStatement');
    body = returned?.type === 'ReturnStatement' ? (returned.argument ?? undefined) : undefined;
  }
  const out: EnvMapFact[] = [];
  const walk = (object: Node | undefined, prefix: string, depth: number) => {
    if (object?.type !== 'ObjectExpression' || depth > 8) return;
    for (const property of object.properties) {
      if (property.type !== 'ObjectProperty') continue;
      const key = property.key.type === 'Identifier' ? property.key.name : property.key.type === 'StringLiteral' ? property.key.value : undefined;
      if (key === undefined) continue;
      let value: Node = property.value;
      while (value.type === 'LogicalExpression' || value.type === 'TSNonNullExpression' || value.type === 'TSAsExpression') value = value.type === 'LogicalExpression' ? value.left : value.expression;
      const env = envVariableName(value);
      if (env) out.push({ kind: 'env-map', setting: `getter:${prefix}.${key}`, env: `env:${env}` });
      else walk(property.value, `${prefix}.${key}`, depth + 1);
    }
  };
  walk(body, namespace, 0);
  return out;
}

/** node-config's folder: `config/default.json`, `config/production.yaml` (the folder may sit in a package). */
const NODE_CONFIG_FILE = /(?:^|\/)config\/[^/]+$/;

/** Where a config file's readers are looked for first: its own folder, or for a node-config setting the project above `config/`. */
function readersFolder(configFile: string, key: string): string {
  const own = configFile.slice(0, configFile.lastIndexOf('/') + 1);
  return key.startsWith('setting:') ? own.replace(/config\/$/, '') : own;
}

const ENVIRONMENT_PHRASE: Record<ConfigEnvironment, string> = {
  production: 'a production config file',
  default: 'a config file every environment reads by default',
  development: 'a development config file',
  test: 'a test config file',
  template: 'a template (a real-looking key, not a placeholder)',
};

function linkedLevel(environment: ConfigEnvironment): Level {
  if (environment === 'test') return 'note';
  return environment === 'production' || environment === 'default' ? 'error' : 'warning';
}

function namedLevel(environment: ConfigEnvironment): Level {
  return environment === 'test' ? 'note' : 'warning';
}

/** Values that cannot be key material: empty, references, numbers, booleans, URLs, paths, public keys. */
function couldBeKey(value: string): boolean {
  if (value.length === 0 || REFERENCE_PATTERN.test(value)) return false;
  if (/^(?:true|false|null|yes|no|on|off|-?\d+(?:\.\d+)?)$/i.test(value)) return false;
  if (/^[a-z][\w+.-]*:\/\//i.test(value) || isPath(value) || /\.(?:pem|key|crt|cer|json|txt|p12|pfx)$/i.test(value)) return false;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(value)) return false; // another variable's name (node-config's env mapping)
  if (/^\d+\s*[smhdwy]$|^\d+\s*(?:seconds?|minutes?|hours?|days?)$/i.test(value)) return false; // an expiry
  return !isPublicKeyMaterial(value);
}

const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

/** Hasura's `HASURA_GRAPHQL_JWT_SECRET` is a JSON document: `{"type":"HS256","key":"…"}`; its `key` is the key. */
function keyInValue(value: string): string {
  if (!value.startsWith('{')) return value;
  try {
    // nhost's variant also carries the private `signing_key` it signs with.
    const parsed = JSON.parse(value) as { key?: unknown; signing_key?: unknown };
    if (typeof parsed.signing_key === 'string') return parsed.signing_key;
    return typeof parsed.key === 'string' ? parsed.key : value;
  } catch {
    return value;
  }
}

/** `./keys/jwt`, `/run/secrets/jwt.key`: a path; `/QN3k…` (base64 may start with a slash) is not. */
function isPath(value: string): boolean {
  return /^\.{0,2}\/[\w.-]+(?:\/[\w.-]+)*\/?$/.test(value) && (/^\.{1,2}\//.test(value) || (value.match(/\//g)?.length ?? 0) >= 2 || /\.[a-z]{2,4}$/i.test(value));
}

function isPlaceholder(value: string): boolean {
  // Instructions in words ("random string for your JWT secret, make it long").
  if (!PRIVATE_KEY.test(value) && value.split(/\s+/).filter((w) => /^[a-z]{2,}[,.!]?$/i.test(w)).length >= 3) return true;
  return PLACEHOLDER_VALUES.has(normalisedName(value)) || PLACEHOLDER_PATTERN.test(value);
}

function frameworkOf(entry: ConfigEntry): string | undefined {
  if (entry.form === 'env') {
    return FRAMEWORK_JWT_ENV[entry.name] ?? FRAMEWORK_JWT_ENV_PATTERNS.find((p) => p.pattern.test(entry.name))?.framework;
  }
  const path = entry.path.map((k) => k.toLowerCase());
  return FRAMEWORK_JWT_PATHS.find((p) => p.path.length <= path.length && p.path.every((k, i) => path[path.length - p.path.length + i] === k))?.framework;
}

/** `JWT_SECRET`, `jwtSecret`, `*_JWT_SECRET`; or `secret` / `key` under a key path named for JWT (`jwt.secret`, `auth.jwt.key`). */
function isJwtKeyName(entry: ConfigEntry): boolean {
  if (isKeyName(entry.name)) return true;
  if (entry.form === 'env') return false;
  const last = normalisedName(entry.name);
  return KEY_PROPERTY_NAMES.has(last) && entry.path.slice(0, -1).some((k) => /jwt/i.test(k));
}

/** The checks without the public list: what makes a value weak because a person chose it. */
const HUMAN_CHECKS = { ...STRENGTH_CHECKS, isPubliclyKnown: () => false };

/**
 * Weak because a person chose it (a phrase, a default, too short): a placeholder. A random-looking
 * key (even one on the public list: a boilerplate's committed key that its users run with) or a
 * private key is not.
 */
function humanChosen(value: string): boolean {
  if (PRIVATE_KEY.test(value)) return false;
  return assessKey({ value, byteLength: Buffer.byteLength(value, 'utf8'), encoding: 'utf8', algorithms: [] }, HUMAN_CHECKS) !== undefined;
}

function describeWeakness(value: string): string {
  const weakness = assessKey({ value, byteLength: Buffer.byteLength(value, 'utf8'), encoding: 'utf8', algorithms: [] }, STRENGTH_CHECKS);
  return weakness ? `, and it is weak: ${WEAKNESS_PHRASE(weakness)}` : '';
}

function WEAKNESS_PHRASE(weakness: Weakness): string {
  switch (weakness.reason) {
    case 'empty':
      return 'empty';
    case 'knownDefault':
      return 'a well-known default or placeholder';
    case 'publiclyKnown':
      return 'on the public list of leaked JWT secrets';
    case 'tooShort':
      return `shorter than the ${weakness.minimum} bytes ${weakness.algorithm} requires`;
    case 'lowEntropy':
      return `a human-chosen value with about ${weakness.bits} bits of entropy`;
  }
}

/**
 * The readers a config file is for: those under its own folder (dotenv loads the file of the
 * package it runs in: `apps/api/.env` is apps/api's), else under the nearest folder above that has
 * any (`test/plugin-x/.env` and `test/config.ts`), else every reader (a root compose file or manifest
 * configures the apps below it).
 */
function nearest<T extends { data: EnvReadFact }>(uses: T[], start: string): T[] {
  // The nearest folder, from `start` (with its trailing slash, '' for the root) up, that holds a reader.
  for (let folder = start; folder !== ''; folder = folder.slice(0, folder.lastIndexOf('/', folder.length - 2) + 1)) {
    const local = uses.filter((use) => use.data.readFile.startsWith(folder));
    if (local.length > 0) return local;
  }
  return uses;
}

function dedupe<T extends { file: string; region: Region }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = `${item.file}\0${item.region.start.line}\0${item.region.start.column}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
