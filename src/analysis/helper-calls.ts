/**
 * The project's own helpers: a function whose parameter reaches a JWT key (`signToken(payload,
 * secret)` forwarding `secret` to `jwt.sign`). Which parameter (and property path inside it) an
 * expression names, and where the function is called in its module, so the resolver can go on from
 * the parameter to the arguments the callers pass. Callers in other modules are found by the scan's
 * derived-sink stage (see `export-names.ts`).
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { patternPath } from './resolve-object.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

/** A parameter of a function, and the property path inside the argument (`[]`: the argument itself). */
export interface ParameterRef {
  fn: NodePath;
  index: number;
  property: string[];
  /** The parameter as written, for labels: `secret`, `options.secret`. */
  label: string;
}

/** More call sites than this of one function are not followed (a logger-like utility, not a key helper). */
const MAX_CALLERS = 32;

/**
 * The parameter `name` is bound to, when the binding is a parameter the function never reassigns:
 * `(p, secret)`, `(p, secret = 'dev')`, `({ secret })`, `({ jwt: { secret } } = {})`.
 */
export function parameterOf(binding: Binding, name: string): ParameterRef | undefined {
  if (binding.kind !== 'param' || !binding.constant) return undefined;
  const param = binding.path;
  const fn = param.parentPath;
  if (!fn || !isFunction(fn.node)) return undefined;
  const index = (fn.node as { params: Node[] }).params.indexOf(param.node);
  if (index < 0) return undefined;
  const pattern = param.node.type === 'AssignmentPattern' ? param.node.left : param.node;
  if (pattern.type === 'Identifier') return pattern.name === name ? { fn, index, property: [], label: name } : undefined;
  const property = patternPath(pattern, name);
  return property ? { fn, index, property, label: name } : undefined;
}

/** `options.jwt.secret` where `options` is a parameter: that parameter with the property path. */
export function parameterOfMember(member: NodePath): ParameterRef | undefined {
  const names: string[] = [];
  let current = unwrapPath(member);
  while (current.node.type === 'MemberExpression') {
    const name = memberName(current.node);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = unwrapPath(child(current, 'object'));
  }
  if (current.node.type !== 'Identifier' || names.length === 0) return undefined;
  const root = current.node.name;
  const binding = current.scope.getBinding(root);
  const ref = binding && parameterOf(binding, root);
  return ref && { ...ref, property: [...ref.property, ...names], label: [root, ...names].join('.') };
}

/** The calls of `fn` in its own module that pass something at the parameter's position. */
export function callSitesOf(fn: NodePath): NodePath[] {
  const calls: NodePath[] = [];
  for (const callee of calleeReferences(fn)) {
    const call = callee.parentPath;
    if (!call || (call.node.type !== 'CallExpression' && call.node.type !== 'NewExpression') || call.node.callee !== callee.node) continue;
    calls.push(call);
    if (calls.length >= MAX_CALLERS) break;
  }
  return calls;
}

/** The argument a call passes at `index`, unless a spread comes before it (then the position is unknown). */
export function argumentAt(call: NodePath, index: number): NodePath | undefined {
  const args = children(call, 'arguments');
  if (args.slice(0, index + 1).some((arg) => arg.node.type === 'SpreadElement')) return undefined;
  return args[index];
}

/** The name a function is called by, for messages: `signToken()`, `TokenService#sign()`. */
export function functionLabel(fn: NodePath): string {
  const node = fn.node;
  if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') && node.id) return `${node.id.name}()`;
  if (node.type === 'ClassMethod' || node.type === 'ObjectMethod') return `${propertyName(node.key, node.computed) ?? 'method'}()`;
  const parent = fn.parentPath?.node;
  if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return `${parent.id.name}()`;
  if (parent?.type === 'ObjectProperty' || parent?.type === 'ClassProperty') return `${propertyName(parent.key, parent.computed) ?? 'function'}()`;
  return 'a function';
}

function isFunction(node: Node): boolean {
  return (
    node.type === 'FunctionDeclaration' ||
    node.type === 'FunctionExpression' ||
    node.type === 'ArrowFunctionExpression' ||
    node.type === 'ClassMethod' ||
    node.type === 'ObjectMethod'
  );
}

/**
 * Expressions that name `fn` as a callee in its module: its declared name, the const it initialises,
 * `this.name` inside its class for a method, `obj.name` for a method of a const object literal.
 */
function calleeReferences(fn: NodePath): NodePath[] {
  const node = fn.node;
  if (node.type === 'FunctionDeclaration' && node.id) return fn.parentPath?.scope.getBinding(node.id.name)?.referencePaths ?? [];
  const parent = fn.parentPath;
  if (!parent) return [];
  if (parent.node.type === 'VariableDeclarator' && parent.node.id.type === 'Identifier' && parent.node.init === node) {
    const binding = parent.scope.getBinding(parent.node.id.name);
    return binding?.constant ? binding.referencePaths : [];
  }
  if (node.type === 'ClassMethod' && node.kind === 'method' && !node.static) {
    const name = propertyName(node.key, node.computed);
    const body = parent.node.type === 'ClassBody' ? parent : undefined;
    return name === undefined || !body ? [] : thisMethodReferences(body, name);
  }
  const objectMethod = node.type === 'ObjectMethod' ? { key: node.key, computed: node.computed, object: parent } : parent.node.type === 'ObjectProperty' && parent.node.value === node ? { key: parent.node.key, computed: parent.node.computed, object: parent.parentPath } : undefined;
  if (objectMethod?.object) {
    const name = propertyName(objectMethod.key, objectMethod.computed);
    const holder = objectMethod.object.parentPath;
    if (name === undefined || holder?.node.type !== 'VariableDeclarator' || holder.node.id.type !== 'Identifier') return [];
    const binding = holder.scope.getBinding(holder.node.id.name);
    if (!binding?.constant) return [];
    return binding.referencePaths.flatMap((ref) => {
      const member = ref.parentPath;
      return member?.node.type === 'MemberExpression' && member.node.object === ref.node && memberName(member.node) === name ? [member] : [];
    });
  }
  return [];
}

/** `this.name` member expressions in the class body (not inside nested non-arrow functions). */
function thisMethodReferences(body: NodePath, name: string): NodePath[] {
  const found: NodePath[] = [];
  body.traverse({
    MemberExpression(member) {
      if (unwrapNode(member.node.object).type === 'ThisExpression' && memberName(member.node) === name) found.push(member);
    },
    FunctionDeclaration(inner) {
      inner.skip();
    },
    FunctionExpression(inner) {
      inner.skip();
    },
  });
  return found;
}
