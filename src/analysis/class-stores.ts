/**
 * What a class stores in its own instance fields, by field name, read in one walk of the class and
 * remembered per class: field initialisers and `this.name = value` in its methods (the constructor or
 * any other). A field that may also get a value we cannot see (a constructor parameter property, a
 * compound or destructuring write, a field only a base class declares) is marked `unknown`.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { child, children, memberName, propertyName, unwrapNode } from './unwrap.js';
import { thisOwner } from './value-sources.js';

export interface FieldStores {
  values: NodePath[];
  /** Something else may also be stored (or the stores were not all seen). */
  unknown: boolean;
}

const byClass = new WeakMap<Node, Map<string, FieldStores>>();

/** The stores into instance field `name` of `owner` (a class declaration or expression). */
export function instanceFieldStores(owner: NodePath, name: string): FieldStores {
  let index = byClass.get(owner.node);
  if (!index) byClass.set(owner.node, (index = indexStores(owner)));
  const stores = index.get(name);
  if (stores) return stores;
  // Not stored here: a base class may do it, unseen.
  return { values: [], unknown: (owner.node as { superClass?: Node | null }).superClass != null };
}

function indexStores(owner: NodePath): Map<string, FieldStores> {
  const index = new Map<string, FieldStores>();
  const storesOf = (name: string): FieldStores => {
    let stores = index.get(name);
    if (!stores) index.set(name, (stores = { values: [], unknown: false }));
    return stores;
  };
  for (const element of children(owner, 'body.body')) {
    const node = element.node;
    if (node.type === 'ClassProperty' && !node.static) {
      const name = propertyName(node.key, node.computed);
      if (name === undefined) continue;
      const stores = storesOf(name);
      if (node.value) stores.values.push(child(element, 'value'));
    }
    if (node.type === 'ClassMethod' && node.kind === 'constructor') {
      for (const param of node.params) {
        if (param.type !== 'TSParameterProperty') continue;
        const id = param.parameter.type === 'AssignmentPattern' ? param.parameter.left : param.parameter;
        if (id.type === 'Identifier') storesOf(id.name).unknown = true; // the caller passes it
      }
    }
  }
  owner.traverse({
    MemberExpression(member) {
      const node = member.node;
      if (unwrapNode(node.object).type !== 'ThisExpression') return;
      const write = writeKind(member);
      if (!write) return;
      const name = memberName(node);
      if (name === undefined || thisOwner(member)?.node !== owner.node) return;
      const stores = storesOf(name);
      if (write === 'assign') stores.values.push(child(member.parentPath!, 'right'));
      else stores.unknown = true;
    },
  });
  return index;
}

/** `this.x = v` (assign), another write of `this.x` (other), or a read (undefined). */
function writeKind(member: NodePath): 'assign' | 'other' | undefined {
  let top = member;
  while (top.parentPath && TRANSPARENT_WRITE.has(top.parentPath.node.type)) top = top.parentPath;
  const parent = top.parentPath?.node;
  if (!parent) return undefined;
  switch (parent.type) {
    case 'AssignmentExpression':
      if (parent.left !== top.node) return undefined;
      return parent.operator === '=' && top === member ? 'assign' : 'other';
    case 'UpdateExpression':
      return 'other';
    case 'UnaryExpression':
      return parent.operator === 'delete' ? 'other' : undefined;
    case 'AssignmentPattern':
    case 'ForInStatement':
    case 'ForOfStatement':
      return (parent as { left: Node }).left === top.node ? 'other' : undefined;
    case 'ArrayPattern':
    case 'RestElement':
      return 'other';
    case 'ObjectProperty':
      return parent.value === top.node && top.parentPath?.parentPath?.node.type === 'ObjectPattern' ? 'other' : undefined;
    default:
      return undefined;
  }
}

/** Type-only wrappers a write target may sit in (`(this.x as T) = v`). */
const TRANSPARENT_WRITE = new Set(['TSAsExpression', 'TSNonNullExpression', 'TSSatisfiesExpression', 'TSTypeAssertion', 'ParenthesizedExpression']);
