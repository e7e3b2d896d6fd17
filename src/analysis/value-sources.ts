/**
 * Places a value comes from that are not a plain binding: class fields (`this.secret`), functions
 * that return it, config getters with a default (`configService.get('JWT_SECRET', 'dev')`) and
 * environment variables assigned a fallback before use (`process.env.X ||= 'dev'`).
 */
import type { NodePath } from '@babel/traverse';
import type { Node } from '@babel/types';
import { envVariableName } from './env-read.js';
import { importBindingValue } from './module-exports.js';
import { constantInit } from './resolve-object.js';
import { staticString } from './static-string.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

const MAX_RETURNS = 16;
const MAX_DEPTH = 6;

/**
 * Every value the class of `member` (a `this.name` expression) may store in `name`: the field
 * initialiser, a TypeScript parameter-property default, and `this.name = …` in any method.
 */
export function classFieldValues(member: NodePath, name: string): NodePath[] {
  const owner = thisOwner(member);
  if (!owner) return [];
  const values: NodePath[] = [];
  for (const element of children(owner, 'body.body')) {
    const node = element.node;
    if (node.type === 'ClassProperty' && !node.static && propertyName(node.key, node.computed) === name && node.value) {
      values.push(child(element, 'value'));
    }
    if (node.type === 'ClassMethod' && node.kind === 'constructor') {
      for (const param of children(element, 'params')) {
        const p = param.node;
        if (p.type === 'TSParameterProperty' && p.parameter.type === 'AssignmentPattern' && p.parameter.left.type === 'Identifier' && p.parameter.left.name === name) {
          values.push(child(param, 'parameter.right'));
        }
      }
    }
  }
  owner.traverse({
    AssignmentExpression(assignment) {
      const left = unwrapNode(assignment.node.left);
      if (assignment.node.operator === '=' && left.type === 'MemberExpression' && unwrapNode(left.object).type === 'ThisExpression' && memberName(left) === name) {
        if (thisOwner(assignment) === owner) values.push(child(assignment, 'right'));
      }
    },
  });
  return values;
}

/** The class whose instance `this` is at `path`: through arrow functions, not through other functions. */
function thisOwner(path: NodePath): NodePath | undefined {
  let current: NodePath | null = path.parentPath;
  while (current) {
    const node = current.node;
    if (node.type === 'ArrowFunctionExpression') {
      current = current.parentPath;
      continue;
    }
    if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod' || node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') {
      if ((node as { static?: boolean }).static) return undefined;
      return current.parentPath?.parentPath ?? undefined; // ClassBody → Class
    }
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ObjectMethod' || node.type === 'Program') return undefined;
    current = current.parentPath;
  }
  return undefined;
}

/** What a called function may return: every `return` argument (or the arrow's expression body). */
export function returnedValues(callee: NodePath): NodePath[] {
  const fn = functionOf(callee, 0);
  if (!fn) return [];
  const node = fn.node;
  if (node.type === 'ArrowFunctionExpression' && node.body.type !== 'BlockStatement') return [child(fn, 'body')];
  const returned: NodePath[] = [];
  fn.traverse({
    ReturnStatement(ret) {
      if (ret.node.argument && returned.length < MAX_RETURNS) returned.push(child(ret, 'argument'));
    },
    Function(inner) {
      inner.skip(); // their returns are not ours
    },
  });
  return returned;
}

function functionOf(path: NodePath, depth: number): NodePath | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration') {
    return node.generator ? undefined : p;
  }
  if (node.type === 'Identifier') {
    const binding = p.scope.getBinding(node.name);
    if (!binding) return undefined;
    if (binding.kind === 'module') {
      const value = importBindingValue(binding);
      return value && 'path' in value ? functionOf(value.path, depth + 1) : undefined;
    }
    if (binding.kind === 'hoisted' && binding.constant) return functionOf(binding.path, depth + 1);
    const init = constantInit(binding);
    return init && functionOf(init, depth + 1);
  }
  if (node.type === 'MemberExpression' && unwrapNode(node.object).type === 'ThisExpression') {
    const name = memberName(node);
    const owner = name === undefined ? undefined : thisOwner(p);
    const method = owner && children(owner, 'body.body').find((m) => m.node.type === 'ClassMethod' && m.node.kind === 'method' && !m.node.static && propertyName(m.node.key, m.node.computed) === name);
    return method && functionOf(method, depth + 1);
  }
  if (node.type === 'ClassMethod') return p;
  return undefined;
}

const CONFIG_RECEIVER = /config/i;

/**
 * `configService.get('JWT_SECRET', 'dev')` (NestJS ConfigService, and getters of the same shape):
 * the second argument is the value used when the variable is unset. Only receivers named like a
 * config object, so `map.get(k, x)` is not mistaken for one.
 */
export function configGetterDefault(call: NodePath): { fallback: NodePath; name: string } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length < 2) return undefined;
  const callee = unwrapNode(node.callee);
  const method = memberName(callee);
  if (callee.type !== 'MemberExpression' || (method !== 'get' && method !== 'getOrThrow')) return undefined;
  const receiver = unwrapNode(callee.object);
  const receiverName = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? memberName(receiver) : undefined;
  if (receiverName === undefined || !CONFIG_RECEIVER.test(receiverName)) return undefined;
  const name = staticString(node.arguments[0]!);
  if (name === undefined) return undefined;
  const fallback = children(call, 'arguments')[1]!;
  // NestJS also takes an options object (`{ infer: true }`) as the second argument: not a value.
  if (unwrapNode(fallback.node).type === 'ObjectExpression') return undefined;
  return { fallback, name };
}

export interface EnvAssignment {
  value: NodePath;
  /** `||=` / `??=` assign only when unset: a fallback; `=` sets the variable outright. */
  fallback: boolean;
}

const envAssignmentCache = new WeakMap<Node, Map<string, EnvAssignment[]>>();

/** Values assigned to `process.env.NAME` anywhere in the module of `at` (`=`, `||=`, `??=`). */
export function envAssignments(at: NodePath, name: string): EnvAssignment[] {
  const program = at.scope.getProgramParent().path;
  let byName = envAssignmentCache.get(program.node);
  if (!byName) {
    const found = new Map<string, EnvAssignment[]>();
    program.traverse({
      AssignmentExpression(assignment) {
        const { operator, left } = assignment.node;
        if (operator !== '=' && operator !== '||=' && operator !== '??=') return;
        const variable = envVariableName(unwrapNode(left));
        if (variable === undefined) return;
        const list = found.get(variable) ?? [];
        list.push({ value: child(assignment, 'right'), fallback: operator !== '=' });
        found.set(variable, list);
      },
    });
    envAssignmentCache.set(program.node, (byName = found));
  }
  return byName.get(name) ?? [];
}
