import type { Visitor } from '../ast/visitor.js';

/**
 * A per-file fact for cross-file resolution and staged scans: the module specifiers the file
 * imports, requires or re-exports from.
 */
export function importCollector(into: Set<string>): Visitor {
  return {
    ImportDeclaration(path) {
      into.add(path.node.source.value);
    },
    ExportNamedDeclaration(path) {
      if (path.node.source) into.add(path.node.source.value);
    },
    ExportAllDeclaration(path) {
      into.add(path.node.source.value);
    },
    CallExpression(path) {
      const { callee, arguments: args } = path.node;
      const first = args[0];
      if (first?.type !== 'StringLiteral') return;
      if (callee.type === 'Import' || (callee.type === 'Identifier' && callee.name === 'require')) into.add(first.value);
    },
  };
}
