/**
 * Which kind of token a JWT call makes or checks, from the names around it: `const refreshToken =
 * jwt.sign(…)`, `{ accessToken: jwt.sign(…) }`, `function signRefreshToken() { return jwt.sign(…) }`,
 * or the name of the key itself (`REFRESH_TOKEN_SECRET`). Only the words access and refresh count, and
 * a name holding both says nothing; an `audience` or `expiresIn` option alone is no evidence (two
 * access tokens for two audiences are one kind).
 */
import type { Node } from '@babel/types';
import type { NodePath } from '../ast/node-path.js';
import { propertyName } from './unwrap.js';

export type TokenKind = 'access' | 'refresh';

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ClassMethod', 'ObjectMethod', 'ClassPrivateMethod']);

/** The token kind a name speaks of: its words (camelCase, snake_case, kebab-case) hold access or refresh, not both. */
export function tokenKindOfName(name: string | undefined): TokenKind | undefined {
  if (!name) return undefined;
  const words = new Set(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/));
  const access = words.has('access');
  const refresh = words.has('refresh');
  return access === refresh ? undefined : access ? 'access' : 'refresh';
}

/** The kind of the call at `call`: the nearest name that says one, up to and including its function's name. */
export function tokenKindAt(call: NodePath): TokenKind | undefined {
  for (let path: NodePath | null = call; path; path = path.parentPath) {
    const kind = tokenKindOfName(nameAt(path));
    if (kind) return kind;
    if (FUNCTIONS.has(path.node.type)) {
      const fnKind = tokenKindOfName(nameOfFunction(path));
      if (fnKind) return fnKind;
      return undefined;
    }
  }
  return undefined;
}

/** The name a value at `path` is given by its parent: a variable, a property, an assignment target. */
function nameAt(path: NodePath): string | undefined {
  const parent = path.parentPath?.node;
  if (!parent) return undefined;
  if (parent.type === 'VariableDeclarator' && parent.init === path.node) return parent.id.type === 'Identifier' ? parent.id.name : undefined;
  if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty') && parent.value === path.node) return propertyName(parent.key, parent.computed);
  if (parent.type === 'AssignmentExpression' && parent.right === path.node) return targetName(parent.left);
  return undefined;
}

function nameOfFunction(fn: NodePath): string | undefined {
  const node = fn.node;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return node.id.name;
  if (node.type === 'ClassMethod' || node.type === 'ObjectMethod') return propertyName(node.key, node.computed);
  return nameAt(fn);
}

function targetName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return propertyName(node.property, node.computed);
  return undefined;
}
