/**
 * Where a hard-coded key sits in a JS/TS module and what replacing it means: a top-level
 * declaration's value (`const SECRET = 'k'`, `const s = process.env.X || 'k'`) becomes the
 * environment read itself; anything else (a call argument, an option, a class field) becomes a
 * module constant read from the environment. Shapes it cannot rewrite safely are `Unfixable`.
 */
import type { File, Node } from '@babel/types';
import { forEachChild } from '../../ast/children.js';
import { Unfixable } from './types.js';

export interface CodeSite {
  /** The key as the program sees it. */
  value: string;
  /** The range rewritten: the literal, or the whole `process.env.X || 'k'` / ternary around it. */
  start: number;
  end: number;
  /** The variable an existing fallback reads (`process.env.X || 'k'`). */
  envName?: string;
  /** True when the range is the whole value of a declaration in the module's top-level statements. */
  topLevelDeclaration: boolean;
  /** Inside a JSX attribute (`secret="k"`): the replacement needs braces. */
  jsxAttribute: boolean;
  /** The top-level statement that holds the site: guards go before it. */
  statement: Node;
}

/** The node that starts and ends exactly at [start, end), with its ancestors (the program first). */
function nodeAt(ast: File, start: number, end: number): Node[] | undefined {
  const chain: Node[] = [];
  let found: Node[] | undefined;
  const visit = (node: Node): void => {
    if (found || (node.start ?? 0) > start || (node.end ?? 0) < end) return;
    chain.push(node);
    if (node.start === start && node.end === end && isKeyExpression(node)) found = [...chain];
    else forEachChild(node, visit);
    chain.pop();
  };
  visit(ast.program);
  return found;
}

function isKeyExpression(node: Node): boolean {
  return node.type === 'StringLiteral' || node.type === 'TemplateLiteral' || node.type === 'BinaryExpression';
}

/** The string a literal, an expression-free template or a `+` of them evaluates to. */
function staticString(node: Node): string | undefined {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral') return node.expressions.length === 0 ? (node.quasis[0]?.value.cooked ?? undefined) : undefined;
  if (node.type === 'BinaryExpression' && node.operator === '+' && node.left.type !== 'PrivateName') {
    const left = staticString(node.left);
    const right = staticString(node.right);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  return undefined;
}

/** `process.env.X`, `process.env['X']` (and `X!` in TypeScript): the name X. */
export function envReadName(node: Node): string | undefined {
  const inner = node.type === 'TSNonNullExpression' ? node.expression : node;
  if (inner.type !== 'MemberExpression') return undefined;
  const object = inner.object;
  const isProcessEnv =
    object.type === 'MemberExpression' &&
    !object.computed &&
    object.object.type === 'Identifier' &&
    object.object.name === 'process' &&
    object.property.type === 'Identifier' &&
    object.property.name === 'env';
  if (!isProcessEnv) return undefined;
  if (!inner.computed && inner.property.type === 'Identifier') return inner.property.name;
  if (inner.computed && inner.property.type === 'StringLiteral') return inner.property.value;
  return undefined;
}

const TYPE_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'TSNonNullExpression']);

export function locateCodeSite(ast: File, start: number, end: number): CodeSite {
  const chain = nodeAt(ast, start, end);
  if (!chain) throw new Unfixable('the key is not a plain string literal here');
  const key = chain.at(-1)!;
  const value = staticString(key);
  if (value === undefined) throw new Unfixable('the key is built from more than string literals');
  let index = chain.length - 1;
  while (TYPE_WRAPPERS.has(chain[index - 1]!.type)) index--;
  let target = chain[index]!;
  let parent = chain[index - 1]!;
  let envName: string | undefined;
  if (parent.type === 'LogicalExpression' && (parent.operator === '||' || parent.operator === '??') && parent.right === target) {
    envName = envReadName(parent.left);
    if (envName === undefined) throw new Unfixable('the fallback is not after a plain process.env read');
  } else if (parent.type === 'ConditionalExpression' && parent.test !== target) {
    const other = parent.consequent === target ? parent.alternate : parent.consequent;
    envName = envReadName(other);
    if (envName === undefined) throw new Unfixable('the other branch of the condition is not a plain process.env read');
  } else if (parent.type === 'AssignmentPattern' && chain[index - 2]?.type === 'ObjectProperty') {
    throw new Unfixable('a default in a destructuring pattern: remove the default and check the variable by hand');
  }
  if (envName !== undefined) {
    index--;
    target = parent;
    parent = chain[index - 1]!;
  }
  rejectShapes(parent, target);
  const statement = chain[1];
  if (!statement || statement === target) throw new Unfixable('the key is not inside a statement');
  return {
    value,
    start: target.start ?? 0,
    end: target.end ?? 0,
    ...(envName !== undefined ? { envName } : {}),
    topLevelDeclaration: isTopLevelDeclarationValue(chain, index),
    jsxAttribute: parent.type === 'JSXAttribute',
    statement,
  };
}

function rejectShapes(parent: Node, target: Node): void {
  if (parent.type === 'TSEnumMember') throw new Unfixable('an enum member cannot read the environment');
  if (parent.type === 'TSLiteralType' || parent.type.startsWith('TS') && parent.type.endsWith('Type')) throw new Unfixable('the key is written in a type');
  if (parent.type === 'ImportDeclaration' || parent.type === 'ExportAllDeclaration' || parent.type === 'ExportNamedDeclaration') throw new Unfixable('the key is a module specifier');
  if ((parent.type === 'ObjectProperty' || parent.type === 'ClassProperty' || parent.type === 'ObjectMethod') && parent.key === target && !parent.computed) {
    throw new Unfixable('the key is a property name');
  }
  if (parent.type === 'ExpressionStatement' && parent.expression === target) throw new Unfixable('the key is a statement of its own (a directive?)');
  if (parent.type === 'TaggedTemplateExpression') throw new Unfixable('the key is a tagged template');
}

/** `const|let|var NAME = <target>` directly in the program (or in `export const …`). */
function isTopLevelDeclarationValue(chain: Node[], index: number): boolean {
  const declarator = chain[index - 1];
  const declaration = chain[index - 2];
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== chain[index] || declarator.id.type !== 'Identifier') return false;
  if (declaration?.type !== 'VariableDeclaration') return false;
  return index - 2 === 1 || (index - 2 === 2 && chain[1]?.type === 'ExportNamedDeclaration');
}

/**
 * Every name the module binds or reads (not property names: `process.env.X` does not use `X`): a new
 * module constant must not take one of them.
 */
export function identifierNames(ast: File): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node, skip?: Node): void => {
    if (node === skip) return;
    if (node.type === 'Identifier') names.add(node.name);
    forEachChild(node, (child) => visit(child, propertyName(node)));
  };
  visit(ast.program);
  return names;
}

/** The child of a node that is a property name rather than a binding or a reference. */
function propertyName(node: Node): Node | undefined {
  if ((node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression') && !node.computed) return node.property;
  if ('key' in node && 'computed' in node && !node.computed && !('shorthand' in node && node.shorthand)) return node.key as Node;
  return undefined;
}
