/**
 * Which module export an expression denotes: `jwt.sign` after `import jwt from 'jsonwebtoken'` is
 * `{ module: 'jsonwebtoken', path: ['sign'] }`. Covers ESM default/namespace/named imports, CommonJS
 * `require` (whole, member, destructured, renamed), TS `import x = require()`, dynamic `await import()`
 * and const aliases of any of these. A `default` step is dropped so CommonJS and ESM spellings meet.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { child, memberName, propertyName, unwrapPath } from './unwrap.js';

export interface ModuleRef {
  module: string;
  path: string[];
}

const MAX_DEPTH = 8;

export function resolveModuleRef(path: NodePath, depth = 0): ModuleRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'Identifier') return refFromBinding(p.scope.getBinding(node.name), node.name, depth);
  if (node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') {
    const name = memberName(node);
    if (name === undefined) return undefined;
    const base = resolveModuleRef(child(p, 'object'), depth + 1);
    return base && append(base, name);
  }
  if (node.type === 'AwaitExpression') return resolveModuleRef(child(p, 'argument'), depth + 1);
  const specifier = requiredModule(p);
  return specifier === undefined ? undefined : { module: specifier, path: [] };
}

function append(ref: ModuleRef, name: string): ModuleRef {
  if (name === 'default' && ref.path.length === 0) return ref;
  return { module: ref.module, path: [...ref.path, name] };
}

/** `require('m')` (with `require` not shadowed) or `import('m')`. */
function requiredModule(path: NodePath): string | undefined {
  const node = path.node;
  if (node.type !== 'CallExpression') return undefined;
  const [first] = node.arguments;
  if (first?.type !== 'StringLiteral') return undefined;
  if (node.callee.type === 'Import') return first.value;
  if (node.callee.type === 'Identifier' && node.callee.name === 'require' && !path.scope.getBinding('require')) {
    return first.value;
  }
  return undefined;
}

function refFromBinding(binding: Binding | undefined, name: string, depth: number): ModuleRef | undefined {
  if (!binding) return undefined;
  const decl = binding.path;
  const node = decl.node;
  switch (node.type) {
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
      return { module: importSource(decl), path: [] };
    case 'ImportSpecifier': {
      if (node.importKind === 'type' || (decl.parent.type === 'ImportDeclaration' && decl.parent.importKind === 'type')) return undefined;
      const imported = node.imported.type === 'Identifier' ? node.imported.name : node.imported.value;
      return imported === 'default' ? { module: importSource(decl), path: [] } : { module: importSource(decl), path: [imported] };
    }
    case 'TSImportEqualsDeclaration':
      return node.moduleReference.type === 'TSExternalModuleReference'
        ? { module: node.moduleReference.expression.value, path: [] }
        : undefined;
    case 'VariableDeclarator': {
      if (!binding.constant || !node.init) return undefined;
      const init = child(decl, 'init');
      if (node.id.type === 'Identifier') return resolveModuleRef(init, depth + 1);
      if (node.id.type === 'ObjectPattern') {
        const key = destructuredKey(node.id, name);
        const base = key === undefined ? undefined : resolveModuleRef(init, depth + 1);
        return base && key !== undefined ? append(base, key) : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function importSource(specifier: NodePath): string {
  const parent = specifier.parent;
  return parent.type === 'ImportDeclaration' ? parent.source.value : '';
}

/** In `{ a, b: c, d = 1 }`, the property key that binds `name`. */
export function destructuredKey(pattern: Node, name: string): string | undefined {
  if (pattern.type !== 'ObjectPattern') return undefined;
  for (const prop of pattern.properties) {
    if (prop.type !== 'ObjectProperty') continue;
    const value = prop.value.type === 'AssignmentPattern' ? prop.value.left : prop.value;
    if (value.type === 'Identifier' && value.name === name) return propertyName(prop.key, prop.computed);
  }
  return undefined;
}
