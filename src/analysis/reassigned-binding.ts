/**
 * The values a reassigned `let` / `var` may hold where it is read: the union of its initialiser and
 * the values assigned to it. The initialiser counts only when it provably survives: every
 * reassignment runs in the declaring function itself and only on some paths
 * (`let k = 'dev'; if (process.env.K) k = process.env.K;`), or only when the variable is unset
 * (`k ||= …`). A replacement that always runs (`k = loadFromVault()` at the top level), or that
 * runs in another function whose call we do not follow (an initialiser or setter), makes it dead.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Binding } from '../ast/scope.js';
import type { Node } from '@babel/types';
import { envVariableName } from './env-read.js';
import { child, unwrapNode } from './unwrap.js';

export interface AssignedValue {
  path: NodePath;
  /** `initial`: the initialiser, kept as a fallback; `assigned`: a value assigned later. */
  role: 'initial' | 'assigned';
  /** For the initialiser: the environment variable every replacement reads, if there is one. */
  envName?: string;
  /** The node to show in the flow (the declaration or the assignment). */
  at: NodePath;
}

const MAX_ASSIGNMENTS = 16;
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod', 'StaticBlock', 'ClassProperty', 'ClassPrivateProperty']);

/** `undefined` when the variable is not a reassigned `let`/`var` declared with a name, or is changed in a way not followed (`+=`, `++`, loops, destructuring). */
export function reassignedValues(binding: Binding): AssignedValue[] | undefined {
  if (binding.constant || (binding.kind !== 'let' && binding.kind !== 'var')) return undefined;
  const decl = binding.path;
  if (decl.node.type !== 'VariableDeclarator' || decl.node.id.type !== 'Identifier') return undefined;
  const name = decl.node.id.name;
  const violations = binding.constantViolations;
  if (violations.length > MAX_ASSIGNMENTS) return undefined;
  const home = functionOf(decl);
  const values: AssignedValue[] = [];
  let initialSurvives = decl.node.init != null;
  const envNames = new Set<string | undefined>();
  for (const violation of violations) {
    const node = violation.node;
    if (node.type !== 'AssignmentExpression' || unwrapNode(node.left).type !== 'Identifier' || (unwrapNode(node.left) as { name: string }).name !== name) return undefined;
    if (node.operator !== '=' && node.operator !== '||=' && node.operator !== '??=') return undefined;
    values.push({ path: child(violation, 'right'), role: 'assigned', at: violation });
    if (node.operator !== '=') continue; // assigns only when the variable is unset: the initialiser stays
    envNames.add(envVariableName(unwrapNode(node.right)));
    if (functionOf(violation) !== home || !onSomePathsOnly(violation, decl, violations)) initialSurvives = false;
  }
  if (initialSurvives) {
    const envName = envNames.size === 1 ? [...envNames][0] : undefined;
    values.unshift({ path: child(decl, 'init'), role: 'initial', at: decl, ...(envName !== undefined ? { envName } : {}) });
  }
  return values;
}

/** The innermost function (or class member body) around `path`; null at the top level of the module. */
function functionOf(path: NodePath): Node | null {
  return path.findParent((p) => FUNCTIONS.has(p.node.type))?.node ?? null;
}

/**
 * True when the assignment sits in one branch of an `if`, a ternary, a `&&`/`||`, a `switch` case or
 * a `catch` between it and the declaration, and not in an `if` whose other branch assigns too.
 */
function onSomePathsOnly(assignment: NodePath, decl: NodePath, all: NodePath[]): boolean {
  const stop = decl.parentPath?.parentPath?.node; // the block or program holding the declaration
  let conditional = false;
  for (let current: NodePath = assignment, parent = current.parentPath; parent && parent.node !== stop; current = parent, parent = parent.parentPath) {
    const node = parent.node;
    switch (node.type) {
      case 'IfStatement':
        if (node.test === current.node) break;
        // `if (a) k = x; else k = y;`: one of them always runs.
        if (node.alternate && all.some((other) => other !== assignment && within(other, node.consequent === current.node ? node.alternate! : node.consequent))) return false;
        conditional = true;
        break;
      case 'ConditionalExpression':
        if (node.test !== current.node) conditional = true;
        break;
      case 'LogicalExpression':
        if (node.right === current.node) conditional = true;
        break;
      case 'SwitchCase':
      case 'CatchClause':
        conditional = true;
        break;
      default:
        break;
    }
  }
  return conditional;
}

function within(path: NodePath, ancestor: Node): boolean {
  return path.node === ancestor || path.findParent((p) => p.node === ancestor) !== null;
}
