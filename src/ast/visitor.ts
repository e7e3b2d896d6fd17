/**
 * Visitors in the shape ESLint and Babel plugins use: a function per node type, `'A|B'` for several
 * types, `{ enter, exit }` for both phases, and the aliases `Function` and `Class`. `explode` turns
 * one into a table from node type to handlers; `mergeVisitors` runs several in one walk.
 */
import type { Class, Function as FunctionNode, Node } from '@babel/types';
import type { NodePath } from './node-path.js';

type NodeOfType<K extends Node['type']> = Extract<Node, { type: K }>;
export type VisitFn<N extends Node = Node> = (path: NodePath<N>) => void;
type VisitEntry<N extends Node> = VisitFn<N> | { enter?: VisitFn<N>; exit?: VisitFn<N> };

export type Visitor = { [K in Node['type']]?: VisitEntry<NodeOfType<K>> } & {
  Function?: VisitEntry<FunctionNode>;
  Class?: VisitEntry<Class>;
} & { [types: `${string}|${string}`]: VisitEntry<Node> };

/** Handlers per concrete node type. */
export type ExplodedVisitor = Map<string, { enter: VisitFn[]; exit: VisitFn[] }>;

const ALIASES: Record<string, readonly string[]> = {
  Function: ['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod'],
  Class: ['ClassDeclaration', 'ClassExpression'],
};

/** Node types are PascalCase words; anything else in a visitor is a mistake worth failing on. */
const NODE_TYPE = /^[A-Z][A-Za-z0-9]*$/;

export function explode(visitor: Visitor, wrap: (fn: VisitFn) => VisitFn = (fn) => fn): ExplodedVisitor {
  const table: ExplodedVisitor = new Map();
  for (const [key, entry] of Object.entries(visitor) as [string, VisitEntry<Node> | undefined][]) {
    if (!entry) continue;
    const phases = typeof entry === 'function' ? { enter: entry } : entry;
    for (const name of key.split('|')) {
      if (!NODE_TYPE.test(name)) throw new Error(`visitor key "${name}" is not a node type`);
      for (const type of ALIASES[name] ?? [name]) {
        let handlers = table.get(type);
        if (!handlers) table.set(type, (handlers = { enter: [], exit: [] }));
        if (phases.enter) handlers.enter.push(wrap(phases.enter as VisitFn));
        if (phases.exit) handlers.exit.push(wrap(phases.exit as VisitFn));
      }
    }
  }
  return table;
}

/** One table running the handlers of every visitor, in the order the visitors are given. */
export function mergeVisitors(tables: readonly ExplodedVisitor[]): ExplodedVisitor {
  const merged: ExplodedVisitor = new Map();
  for (const table of tables) {
    for (const [type, handlers] of table) {
      let into = merged.get(type);
      if (!into) merged.set(type, (into = { enter: [], exit: [] }));
      into.enter.push(...handlers.enter);
      into.exit.push(...handlers.exit);
    }
  }
  return merged;
}
