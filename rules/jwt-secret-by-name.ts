import type { Node } from '@babel/types';
import type { NodePath } from '../src/rule.js';
import { defineRule } from '../src/rule.js';
import { envVariableName } from '../src/analysis/env-read.js';
import { normalisedName } from '../src/analysis/normalised-name.js';
import { isPublicKeyMaterial } from '../src/analysis/key-flows.js';
import { staticString } from '../src/analysis/static-string.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from '../src/analysis/unwrap.js';
import { FRAMEWORK_JWT_ENV } from './data/config-keys.js';
import { JWT_NAME_ENDINGS, JWT_NAME_KEYWORDS, JWT_SECRET_NAMES, KEY_PROPERTY_NAMES, NOT_KEY_SUFFIXES } from './data/jwt-secret-names.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId = 'namedSecret' | 'namedSecretFallback';

export const jwtSecretByName = defineRule<MessageId>({
  id: 'jwt-secret-by-name',
  name: 'JwtSecretByName',
  shortDescription: 'Hard-coded value in a variable or property named as a JWT secret',
  fullDescription:
    'A string literal is assigned to a variable, property or option whose name says it holds a JWT signing key (JWT_SECRET, jwtSecret, secretOrKey, jwt: { secret }), but no JWT call using it was found. Lower confidence than the sink-based rules: the name, not the data flow, is the evidence.',
  help: `## Why it matters
Keys are often defined far from where they are used: in a config module whose consumer is generated
code, a framework reading it by convention, or a file outside the scanned set. The name
\`JWT_SECRET\`, \`jwtSecret\` or \`jwt: { secret }\` says what the value is for; a literal there ships
the key with the code, just as if it were written into \`jwt.sign\`.

## How to fix
Read the key from the environment or a secrets manager, with no literal fallback, and fail at
start-up when it is missing. Rotate any key that was committed.

Incorrect:
\`\`\`ts
export const config = {
  jwt: { secret: 'my-app-jwt-signing-secret-2024', expiresIn: '1h' },
};
\`\`\`

Correct:
\`\`\`ts
export const config = {
  jwt: { secret: process.env.JWT_SECRET, expiresIn: '1h' },
};
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
A name that only looks like a key name (a storage key, a header name, a placeholder). This rule is
\`medium\` precision: filter on it separately, or suppress the line with
\`// jwtscan-ignore-next-line jwt-secret-by-name -- reason\`. When a JWT call does use the literal,
\`jwt-hardcoded-secret\` reports it instead, with the flow.

## References
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
`,
  tags: ['security', 'external/cwe/cwe-798', 'jwt', 'secrets'],
  level: 'warning',
  securitySeverity: 7.0,
  precision: 'medium',
  messages: {
    namedSecret:
      'Hard-coded value {{key}} in "{{name}}", a name for a JWT signing key (no JWT call using it was found); load it from the environment or a secrets manager and rotate it.',
    namedSecretFallback:
      'Hard-coded fallback {{key}} for "{{name}}", a name for a JWT signing key, used whenever {{env}} is unset; remove the fallback and fail at start-up instead.',
  },
  keywords: JWT_NAME_KEYWORDS,
  supersededBy: ['jwt-hardcoded-secret', 'jwt-inline-secret'],
  create(context) {
    const check = (name: string, value: NodePath) => {
      for (const literal of literalsOf(value)) {
        if (!looksLikeKey(literal.value, name)) continue;
        context.report({
          messageId: literal.env === undefined ? 'namedSecret' : 'namedSecretFallback',
          data: { name, env: literal.env ?? '' },
          keyNode: literal.node,
          keyValue: literal.value,
        });
      }
    };
    return {
      VariableDeclarator(p) {
        const { id, init } = p.node;
        if (id.type === 'Identifier' && NON_KEY_CONTAINER.test(id.name)) return;
        if (id.type === 'Identifier' && init && isKeyName(id.name)) check(id.name, child(p, 'init'));
      },
      ObjectProperty(p) {
        const name = propertyName(p.node.key, p.node.computed);
        // Most properties are none of these: the name is looked at before the object around it.
        if (name === undefined || p.parent.type !== 'ObjectExpression') return;
        const normalised = normalisedName(name);
        const keyName = isNormalisedKeyName(normalised);
        if (!keyName && !KEY_PROPERTY_NAMES.has(normalised) && name !== 'default') return;
        if (namesNonKeys(p.parentPath!) || sdkOptions(p, normalised) || overwrittenLater(p.parentPath!, name)) return;
        if (keyName || (KEY_PROPERTY_NAMES.has(normalised) && inJwtObject(p))) check(name, child(p, 'value'));
        // convict: `secret: { default: '...', env: 'JWT_SECRET' }`: the default applies whenever the variable is unset.
        if (name === 'default') {
          const env = (p.parent as { properties: Node[] }).properties.find(
            (q): q is Node & { key: Node; computed: boolean; value: Node } => q.type === 'ObjectProperty' && propertyName(q.key, q.computed) === 'env',
          );
          const envName = env ? staticString(env.value) : undefined;
          if (envName !== undefined && isKeyName(envName)) check(envName, child(p, 'value'));
        }
      },
      ClassProperty(p) {
        const name = propertyName(p.node.key, p.node.computed);
        if (name !== undefined && p.node.value && isKeyName(name)) check(name, child(p, 'value'));
      },
      AssignmentExpression(p) {
        const left = unwrapNode(p.node.left);
        const name = left.type === 'Identifier' ? left.name : memberName(left);
        if (name !== undefined && isKeyName(name) && ['=', '||=', '??='].includes(p.node.operator)) check(name, child(p, 'right'));
      },
      AssignmentPattern(p) {
        const left = p.node.left;
        if (left.type === 'Identifier' && isKeyName(left.name)) check(left.name, child(p, 'right'));
      },
      // Named by the variable it reads, whatever holds the result: Strapi's `env('ADMIN_JWT_SECRET', 'default')`
      // (`auth: { secret: env(...) }`), env-var's `get('JWT_SECRET').default('x')`.
      CallExpression(p) {
        const read = envGetterDefault(p)?.env ?? schemaDefaults(p).find((d) => d.env !== undefined)?.env;
        if (read !== undefined && (isKeyName(read) || read in FRAMEWORK_JWT_ENV)) check(read, p);
      },
    };
  },
});

/**
 * `const opts = { secretOrKey: 'dev' }; opts.secretOrKey = process.env.X`: the object's variable has
 * the property written over, so the literal is a placeholder, not what is used.
 */
function overwrittenLater(object: NodePath, name: string): boolean {
  let holder: NodePath | null = object.parentPath;
  while (holder && ['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(holder.node.type)) holder = holder.parentPath;
  const node = holder?.node;
  if (!holder || node?.type !== 'VariableDeclarator' || node.id.type !== 'Identifier') return false;
  const binding = holder.scope.getBinding(node.id.name);
  return (binding?.referencePaths ?? []).some((ref) => {
    const member = ref.parentPath;
    const assignment = member?.parentPath;
    return member?.node.type === 'MemberExpression' && member.node.object === ref.node && memberName(member.node) === name && assignment?.node.type === 'AssignmentExpression' && assignment.node.left === member.node;
  });
}

/** Containers of values that are known not to be keys: `PLACEHOLDER_SECRETS`, `exampleKeys`, `INSECURE_DEFAULTS`. */
const NON_KEY_CONTAINER = /placeholder|example|sample|dummy|insecure|forbidden|denylist|blocklist|blacklist|rejected/i;

/** The object literal is the value of a variable (or property) named as a list of non-keys. */
function namesNonKeys(object: NodePath): boolean {
  let container: NodePath | null = object.parentPath;
  while (container && ['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(container.node.type)) container = container.parentPath;
  const node = container?.node;
  if (node?.type === 'VariableDeclarator' && node.id.type === 'Identifier') return NON_KEY_CONTAINER.test(node.id.name);
  if (node?.type === 'ObjectProperty') return NON_KEY_CONTAINER.test(propertyName(node.key, node.computed) ?? '');
  return false;
}

/** Names any SDK may use for its own credential (`authSecret`, `tokenSecret`), unlike `secretOrKey`. */
const GENERIC_SECRET_NAMES: ReadonlySet<string> = new Set(['authsecret', 'tokensecret', 'accesssecret', 'refreshsecret']);

/**
 * `new Transloadit({ authSecret })`: a generic secret name in the options of a class being
 * constructed is that SDK's credential. (Known JWT classes are sinks: their keys are proven by flow,
 * not guessed by name.)
 */
function sdkOptions(property: NodePath, normalised: string): boolean {
  if (!GENERIC_SECRET_NAMES.has(normalised)) return false;
  let object: NodePath | null = property.parentPath;
  while (object?.parentPath && ['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(object.parentPath.node.type)) object = object.parentPath;
  return object?.parentPath?.node.type === 'NewExpression';
}

/** `JWT_SECRET`, `jwtSigningKey`, `secretOrKey`, `ACCESS_TOKEN_SECRET` — not `jwtSecretName` or `JWT_KEY_PATH`. */
export function isKeyName(name: string): boolean {
  return isNormalisedKeyName(normalisedName(name));
}

function isNormalisedKeyName(n: string): boolean {
  const named = JWT_SECRET_NAMES.has(n) || (n.includes('jwt') && JWT_NAME_ENDINGS.some((ending) => n.endsWith(ending)));
  return named && !NOT_KEY_SUFFIXES.some((suffix) => n.endsWith(suffix) && !JWT_NAME_ENDINGS.some((e) => n.endsWith(e)));
}

/** The object holding the property is named for JWT: `jwt: {…}`, `const jwtConfig = {…}`, `registerAs('jwt', () => ({…}))`. */
function inJwtObject(property: NodePath): boolean {
  let container: NodePath | null = property.parentPath?.parentPath ?? null;
  while (container && ['TSAsExpression', 'TSSatisfiesExpression', 'ParenthesizedExpression'].includes(container.node.type)) container = container.parentPath;
  if (!container) return false;
  const node = container.node;
  if (node.type === 'ObjectProperty') return /jwt/i.test(propertyName(node.key, node.computed) ?? '');
  if (node.type === 'VariableDeclarator') return node.id.type === 'Identifier' && /jwt/i.test(node.id.name);
  // Egg's `config.jwt = { secret: '...' }` (config/config.default.js).
  if (node.type === 'AssignmentExpression') return node.left.type === 'MemberExpression' && /jwt/i.test(memberName(node.left) ?? '');
  if (node.type === 'ArrowFunctionExpression' || node.type === 'ReturnStatement') {
    const call = container.findParent((a) => a.node.type === 'CallExpression');
    const first = call?.node.type === 'CallExpression' ? call.node.arguments[0] : undefined;
    return first !== undefined && /jwt/i.test(staticString(first) ?? '');
  }
  return false;
}

interface NamedLiteral {
  node: Node;
  value: string;
  /** The environment variable the literal stands in for, when it is a fallback. */
  env?: string;
}

/**
 * The literals an assigned expression can evaluate to. Bindings are not followed (they are reported
 * at their own names), except a fallback for an environment variable: in
 * `jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET` the constant's literal is the key whenever
 * the variable is unset, whatever the constant is called.
 */
function literalsOf(path: NodePath, env?: string, depth = 0): NamedLiteral[] {
  if (depth > 6) return [];
  const p = unwrapPath(path);
  const node = p.node;
  const value = staticString(node);
  if (value !== undefined) return [{ node, value, ...(env !== undefined ? { env } : {}) }];
  if (env !== undefined && node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    const declarator = binding?.path;
    if (binding?.constant && declarator?.node.type === 'VariableDeclarator' && declarator.node.init && declarator.node.id.type === 'Identifier') {
      return literalsOf(child(declarator, 'init'), env, depth + 1);
    }
  }
  if (node.type === 'LogicalExpression' && node.operator !== '&&') {
    const name = envVariableName(unwrapNode(node.left)) ?? env;
    return [...literalsOf(child(p, 'left'), env, depth + 1), ...literalsOf(child(p, 'right'), name, depth + 1)];
  }
  if (node.type === 'ConditionalExpression') {
    const name = envVariableName(unwrapNode(node.test)) ?? envVariableName(unwrapNode(node.consequent)) ?? env;
    return [...literalsOf(child(p, 'consequent'), name, depth + 1), ...literalsOf(child(p, 'alternate'), name, depth + 1)];
  }
  if (node.type === 'CallExpression') {
    const getter = envGetterDefault(p);
    if (getter) return literalsOf(getter.fallback, getter.env, depth + 1);
    // A schema's default is the value whenever the variable is unset: zod `z.string().default('x')`,
    // env-var `env.get('X').default('x').asString()`, envalid `str({ default: 'x', devDefault: 'y' })`.
    return schemaDefaults(p).flatMap((fallback) => literalsOf(fallback.path, fallback.env ?? env ?? 'the variable', depth + 1));
  }
  return [];
}

/** `env('NAME', 'default')` and `env.str('NAME', 'default')` (Strapi's config helper): the variable and its fallback. */
function envGetterDefault(call: NodePath): { env: string; fallback: NodePath } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length < 2) return undefined;
  const callee = unwrapNode(node.callee);
  const isEnv = (callee.type === 'Identifier' && callee.name === 'env') || (callee.type === 'MemberExpression' && unwrapNode(callee.object).type === 'Identifier' && (unwrapNode(callee.object) as { name: string }).name === 'env');
  const name = isEnv ? staticString(node.arguments[0]!) : undefined;
  if (name === undefined || !/^[A-Z][A-Z0-9_]*$/.test(name)) return undefined;
  return { env: name, fallback: children(call, 'arguments')[1]! };
}

const SCHEMA_DEFAULT_OPTIONS = new Set(['default', 'devDefault', 'testDefault']);

function schemaDefaults(call: NodePath): { path: NodePath; env?: string }[] {
  const out: { path: NodePath; env?: string }[] = [];
  let env: string | undefined;
  // Down the method chain: `env.get('X').default('x').asString()`.
  for (let p: NodePath | undefined = call; p && p.node.type === 'CallExpression'; ) {
    const node = p.node;
    const callee = unwrapNode(node.callee);
    const method = callee.type === 'MemberExpression' ? memberName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
    if (method === 'default' && node.arguments.length === 1) out.push({ path: children(p, 'arguments')[0]! });
    if (method === 'get' && node.arguments[0]) env = staticString(node.arguments[0]) ?? env;
    if (callee.type === 'Identifier' && node.arguments[0]?.type === 'ObjectExpression') {
      for (const property of children(children(p, 'arguments')[0]!, 'properties')) {
        const prop = property.node;
        if (prop.type === 'ObjectProperty' && SCHEMA_DEFAULT_OPTIONS.has(propertyName(prop.key, prop.computed) ?? '')) out.push({ path: child(property, 'value') });
      }
    }
    // (the callee may be wrapped: `(jws.verify as Verify)(token, key)`)
    p = callee.type === 'MemberExpression' ? child(unwrapPath(child(p, 'callee')), 'object') : undefined;
    while (p && ['TSAsExpression', 'TSNonNullExpression', 'ParenthesizedExpression'].includes(p.node.type)) p = child(p, 'expression');
  }
  return out.map((d) => (env !== undefined ? { ...d, env } : d));
}

/** Values that are names, paths, placeholders or public material rather than key material. */
function looksLikeKey(value: string, name: string): boolean {
  const v = value.trim();
  if (v.length === 0) return false;
  // A switch, not a key: `UNSAFE_USE_DEFAULT_JWT_SECRET = 'true'`.
  if (/^(true|false|yes|no|on|off|[01])$/i.test(v)) return false;
  if (/^(\$\{.*\}|<.*>|\{\{.*\}\}|%.*%|\[.*\])$/s.test(v)) return false; // template placeholders
  if (/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(v)) return false; // the name of an environment variable
  if (/^(https?|file):\/\//i.test(v) || /^\.{0,2}\//.test(v) || /\.(pem|key|crt|json|txt|env)$/i.test(v)) return false;
  if (isPublicKeyMaterial(v)) return false;
  // `JWT_KEY = 'jwt_token'`: a storage or header key name, not a key.
  // (also camelCase and header names: 'jwtToken', 'accessToken', 'Authorization')
  if (!/secret/i.test(name) && /^[A-Za-z][A-Za-z0-9]*([_.:-][A-Za-z0-9]+)*$/.test(v) && v.length <= 40 && /token|jwt|auth|bearer/i.test(v)) return false;
  return true;
}
