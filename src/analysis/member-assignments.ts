/**
 * Values a module assigns to a member path on any receiver: `ctx.state.secret = ...` in a koa
 * middleware, which koa-jwt reads in place of its `secret` option. One walk per module and path.
 */
import type { NodePath } from '../ast/node-path.js';
import type { Node } from '@babel/types';
import { child, memberPathEndsWith } from './unwrap.js';

const MAX_VALUES = 16;
const cache = new WeakMap<Node, Map<string, NodePath[]>>();

/** The right-hand sides of `<anything>.a.b = value` (`suffix` = ['a', 'b']) in the module of `at`. */
export function memberAssignments(at: NodePath, suffix: readonly string[]): NodePath[] {
  const program = at.scope.getProgramParent().path;
  let bySuffix = cache.get(program.node);
  if (!bySuffix) cache.set(program.node, (bySuffix = new Map()));
  const key = suffix.join('.');
  let values = bySuffix.get(key);
  if (!values) {
    const found: NodePath[] = [];
    program.traverse({
      AssignmentExpression(assignment) {
        if (found.length < MAX_VALUES && assignment.node.operator === '=' && memberPathEndsWith(assignment.node.left, suffix)) found.push(child(assignment, 'right'));
      },
    });
    bySuffix.set(key, (values = found));
  }
  return values;
}

