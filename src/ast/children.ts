import type { Node } from '@babel/types';
import { VISITOR_KEYS } from './visitor-keys.js';

/** Fields of a node type unknown to the table (a newer parser) that never hold code. */
const NON_CODE_FIELDS = new Set(['loc', 'range', 'extra', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'errors', 'tokens']);

/** Calls `visit` on each child node of `node`, in @babel/traverse's order (source order). */
export function forEachChild(node: Node, visit: (child: Node) => void): void {
  const fields = node as unknown as Record<string, unknown>;
  const keys = VISITOR_KEYS[node.type];
  if (keys) {
    for (const key of keys) visitField(fields[key], visit);
  } else {
    for (const key in fields) if (!NON_CODE_FIELDS.has(key)) visitField(fields[key], visit);
  }
}

function visitField(value: unknown, visit: (child: Node) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const element of value) if (element !== null && typeof (element as Node).type === 'string') visit(element as Node);
  } else if (typeof (value as Node).type === 'string') {
    visit(value as Node);
  }
}
