/**
 * Places a value comes from that are not a plain binding: class fields (`this.secret`), functions
 * that return it, config getters with a default (`configService.get('JWT_SECRET', 'dev')`) and
 * environment variables assigned a fallback before use (`process.env.X ||= 'dev'`).
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { envVariableName } from './env-read.js';
import { elementKey, isGetter, memberKey } from './class-members.js';
import { importBindingValue } from './module-exports.js';
import { constantInit, destructuredValue, resolveObjectProperty } from './resolve-object.js';
import { staticString } from './static-string.js';
import { child, children, memberName, propertyName, unwrapNode, unwrapPath } from './unwrap.js';

const MAX_RETURNS = 16;
const MAX_DEPTH = 6;

/**
 * Every value the class of `member` (a `this.name` expression) may store in `name`: the field
 * initialiser, a TypeScript parameter-property default, `this.name = …` in any method and what a
 * `get name()` accessor returns; a field the class does not declare is looked up in its base class
 * (possibly imported). `name` is `#key` for an ES private field.
 */
export function classFieldValues(member: NodePath, name: string): NodePath[] {
  const owner = thisOwner(member);
  return owner ? instanceFieldValues(owner, name, 0) : [];
}

/**
 * `Config.SECRET` (static field or getter of a class) or `new Config().secret` (instance field). A
 * value written into the member from outside (`Config.SECRET = process.env.X`) replaces the one the
 * class declares: only the written values count then.
 */
export function memberFieldValues(object: NodePath, name: string): NodePath[] {
  const use = unwrapPath(object);
  let p = use;
  if (p.node.type === 'Identifier') {
    // const config = new JwtConfig(); … config.secret
    const binding = p.scope.getBinding(p.node.name);
    const init = binding && constantInit(binding);
    if (init && unwrapPath(init).node.type === 'NewExpression') p = unwrapPath(init);
  }
  if (p.node.type === 'NewExpression') {
    const cls = classOf(child(p, 'callee'), 0);
    return cls ? (writtenMember(use, undefined, name) ?? instanceFieldValues(cls, name, 0)) : [];
  }
  const cls = classOf(p, 0);
  if (!cls) return [];
  const written = writtenMember(use, cls, name);
  if (written) return written;
  return children(cls, 'body.body').flatMap((element) => {
    const node = element.node;
    if ((node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') && node.static && node.value && elementKey(node) === name) return [child(element, 'value')];
    return isGetter(node, name, true) ? returnedValues(element) : [];
  });
}

/**
 * The values assigned to `x.name` through the variable `use` names, and through the class's own
 * name: undefined when there are none, empty when a write is not a plain `=` (nothing is provable).
 */
function writtenMember(use: NodePath, cls: NodePath | undefined, name: string): NodePath[] | undefined {
  const bindings = new Set<Binding>();
  if (use.node.type === 'Identifier') {
    const own = use.scope.getBinding(use.node.name);
    if (own) bindings.add(own);
  }
  const id = cls && (cls.node as { id?: Node | null }).id;
  if (cls && id?.type === 'Identifier') {
    const declared = cls.scope.getBinding(id.name);
    if (declared) bindings.add(declared);
  }
  let values: NodePath[] | undefined;
  for (const binding of bindings) {
    for (const ref of binding.referencePaths) {
      const member = ref.parentPath;
      if (member?.node.type !== 'MemberExpression' || member.node.object !== ref.node || memberKey(member.node) !== name) continue;
      const write = member.parentPath;
      if (write?.node.type === 'UpdateExpression' || (write?.node.type === 'UnaryExpression' && write.node.operator === 'delete')) return [];
      if (write?.node.type !== 'AssignmentExpression' || write.node.left !== member.node) continue;
      if (write.node.operator !== '=') return [];
      (values ??= []).push(child(write, 'right'));
    }
  }
  return values;
}

function instanceFieldValues(owner: NodePath, name: string, depth: number): NodePath[] {
  if (depth > MAX_DEPTH) return [];
  const values: NodePath[] = [];
  let declared = false;
  let replacedInConstructor = false;
  let initialiser: NodePath | undefined;
  for (const element of children(owner, 'body.body')) {
    const node = element.node;
    if ((node.type === 'ClassProperty' || node.type === 'ClassPrivateProperty') && !node.static && elementKey(node) === name) {
      declared = true;
      if (node.value) initialiser = child(element, 'value');
    }
    if (isGetter(node, name)) {
      declared = true;
      values.push(...returnedValues(element));
    }
    if (node.type === 'ClassMethod' && node.kind === 'constructor') {
      for (const param of children(element, 'params')) {
        const p = param.node;
        if (p.type === 'TSParameterProperty' && p.parameter.type === 'AssignmentPattern' && p.parameter.left.type === 'Identifier' && p.parameter.left.name === name) {
          declared = true;
          values.push(child(param, 'parameter.right'));
        }
      }
      // `this.name = …` as a statement of the constructor body always replaces the initialiser.
      replacedInConstructor = node.body.body.some(
        (st) => st.type === 'ExpressionStatement' && st.expression.type === 'AssignmentExpression' && st.expression.operator === '=' && isThisMember(st.expression.left, name),
      );
    }
  }
  if (initialiser && !replacedInConstructor) values.push(initialiser);
  owner.traverse({
    AssignmentExpression(assignment) {
      if (assignment.node.operator === '=' && isThisMember(assignment.node.left, name) && thisOwner(assignment) === owner) {
        declared = true;
        values.push(child(assignment, 'right'));
      }
    },
  });
  // (An ES private name is never inherited: a base class's `#key` is another field.)
  if (!declared && !name.startsWith('#') && owner.node.type !== 'ClassBody' && (owner.node as { superClass?: Node | null }).superClass) {
    const base = classOf(child(owner, 'superClass'), depth + 1);
    if (base) values.push(...instanceFieldValues(base, name, depth + 1));
  }
  return values;
}

function isThisMember(node: Node, name: string): boolean {
  const left = unwrapNode(node);
  return left.type === 'MemberExpression' && unwrapNode(left.object).type === 'ThisExpression' && memberKey(left) === name;
}

/** The class declaration or expression an expression names (through consts and imports). */
export function classOf(path: NodePath, depth: number): NodePath | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const p = unwrapPath(path);
  const node = p.node;
  if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return p;
  if (node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration') return classOf(child(p, 'declaration'), depth + 1);
  if (node.type !== 'Identifier') return undefined;
  const binding = p.scope.getBinding(node.name);
  if (!binding) return undefined;
  if (binding.kind === 'module') {
    const value = importBindingValue(binding);
    return value && 'path' in value ? classOf(value.path, depth + 1) : undefined;
  }
  if (binding.path.node.type === 'ClassDeclaration') return binding.path;
  const init = constantInit(binding);
  return init && classOf(init, depth + 1);
}

/** The class whose instance `this` is at `path`: through arrow functions, not through other functions. */
export function thisOwner(path: NodePath): NodePath | undefined {
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

/** The function a callee expression names (through consts, imports, `this.method`, object members). */
export function calledFunction(callee: NodePath): NodePath | undefined {
  return functionOf(callee, 0);
}

/** The class whose static method `path` is in (`this` there is the class). */
function staticOwner(path: NodePath): NodePath | undefined {
  let current: NodePath | null = path.parentPath;
  while (current) {
    const node = current.node;
    if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod') return (node as { static?: boolean }).static ? (current.parentPath?.parentPath ?? undefined) : undefined;
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
    // `const { getSecret } = require('./keys')` as well as `const getSecret = ...`
    const init = constantInit(binding) ?? destructuredValue(binding, node.name);
    return init && functionOf(init, depth + 1);
  }
  if (node.type === 'MemberExpression') {
    // `Users.getSecret()` / `this.getSecret()` in a static method: a static method of the class.
    const name = memberName(node);
    const cls = name === undefined ? undefined : unwrapNode(node.object).type === 'ThisExpression' ? staticOwner(p) : classOf(child(p, 'object'), depth + 1);
    const method = cls && children(cls, 'body.body').find((m) => m.node.type === 'ClassMethod' && m.node.kind === 'method' && m.node.static && propertyName(m.node.key, m.node.computed) === name);
    if (method) return functionOf(method, depth + 1);
  }
  if (node.type === 'MemberExpression' && unwrapNode(node.object).type === 'ThisExpression') {
    const name = memberKey(node);
    const owner = name === undefined ? undefined : thisOwner(p);
    const method = owner && name !== undefined ? instanceMethod(owner, name, depth) : undefined;
    return method && functionOf(method, depth + 1);
  }
  if (node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod' || node.type === 'ObjectMethod') return p;
  if (node.type === 'MemberExpression') {
    // keyFactory.secret() with `keyFactory = { secret: () => '…' }` (possibly imported)
    const name = memberName(node);
    const value = name === undefined ? undefined : resolveObjectProperty(child(p, 'object'), [name]);
    return value && functionOf(value.path, depth + 1);
  }
  return undefined;
}

/** The method `name` of a class's instances: its own, or one it inherits (`this.keyFor()` defined in an imported base class). */
function instanceMethod(cls: NodePath, name: string, depth: number): NodePath | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const own = children(cls, 'body.body').find((m) => (m.node.type === 'ClassMethod' || m.node.type === 'ClassPrivateMethod') && m.node.kind === 'method' && !m.node.static && elementKey(m.node) === name);
  if (own || name.startsWith('#') || !(cls.node as { superClass?: Node | null }).superClass) return own;
  const base = classOf(child(cls, 'superClass'), depth + 1);
  return base && instanceMethod(base, name, depth + 1);
}

const CONFIG_RECEIVER = /config|^n?conf$/i;

/**
 * `configService.get('JWT_SECRET', 'dev')` (NestJS ConfigService, and getters of the same shape):
 * the second argument is the value used when the variable is unset. Only receivers named like a
 * config object, so `map.get(k, x)` is not mistaken for one.
 */
export function configGetterDefault(call: NodePath): { fallback: NodePath; name: string } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length < 2) return undefined;
  const name = configGetterName(call);
  if (name === undefined) return undefined;
  const fallback = children(call, 'arguments')[1]!;
  // NestJS also takes an options object (`{ infer: true }`) as the second argument: not a value.
  if (unwrapNode(fallback.node).type === 'ObjectExpression') return undefined;
  return { fallback, name };
}

/** The name a config getter is asked for: `configService.get('JWT_SECRET')`, `config.getOrThrow('jwt.secret')`. */
export function configGetterName(call: NodePath): string | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length < 1) return undefined;
  const callee = unwrapNode(node.callee);
  const method = memberName(callee);
  if (callee.type !== 'MemberExpression' || (method !== 'get' && method !== 'getOrThrow')) return undefined;
  const receiver = unwrapNode(callee.object);
  const receiverName = receiver.type === 'Identifier' ? receiver.name : receiver.type === 'MemberExpression' ? memberName(receiver) : undefined;
  if (!(receiverName !== undefined && CONFIG_RECEIVER.test(receiverName)) && !hasConfigType(child(child(call, 'callee'), 'object'))) return undefined;
  return staticString(node.arguments[0]!);
}

export interface EnvAssignment {
  value: NodePath;
  /** `||=` / `??=` assign only when unset: a fallback; `=` sets the variable outright. */
  fallback: boolean;
}

/** A parameter declared with a config type: `(c: ConfigService) => c.get('K', 'dev')`. */
function hasConfigType(receiver: NodePath): boolean {
  const p = unwrapPath(receiver);
  if (p.node.type !== 'Identifier') return false;
  const id = p.scope.getBinding(p.node.name)?.identifier;
  const type = id?.typeAnnotation;
  const ref = type?.type === 'TSTypeAnnotation' ? type.typeAnnotation : undefined;
  return ref?.type === 'TSTypeReference' && ref.typeName.type === 'Identifier' && CONFIG_RECEIVER.test(ref.typeName.name);
}

/**
 * `app.get('jwtTokenSecret')` after `app.set('jwtTokenSecret', '…')` in the same module (Express
 * settings, Maps): the values stored under that name on the same binding.
 */
export function settingValues(call: NodePath): { name: string; values: NodePath[] } | undefined {
  const node = call.node;
  if (node.type !== 'CallExpression' || node.arguments.length !== 1) return undefined;
  const callee = unwrapNode(node.callee);
  if (callee.type !== 'MemberExpression' || memberName(callee) !== 'get') return undefined;
  const receiver = unwrapNode(callee.object);
  const key = staticString(node.arguments[0]!);
  if (receiver.type !== 'Identifier' || key === undefined) return undefined;
  const binding = call.scope.getBinding(receiver.name);
  if (!binding) return undefined;
  const values: NodePath[] = [];
  for (const ref of binding.referencePaths) {
    const member = ref.parentPath;
    const setter = member?.parentPath;
    if (!member || !setter || member.node.type !== 'MemberExpression' || memberName(member.node) !== 'set' || setter.node.type !== 'CallExpression') continue;
    const args = setter.node.arguments;
    if (setter.node.callee === member.node && args.length === 2 && staticString(args[0]!) === key) values.push(children(setter, 'arguments')[1]!);
  }
  return values.length > 0 ? { name: `${receiver.name}.get('${key}')`, values } : undefined;
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
