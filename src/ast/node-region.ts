import type { Node } from '@babel/types';
import type { Region } from '../rule.js';

/** A node's 1-based region. Babel columns are 0-based UTF-16 code units; reports are 1-based. Converted here, once. */
export function nodeRegion(node: Node): Region | undefined {
  const loc = node.loc;
  if (!loc) return undefined;
  return {
    start: { line: loc.start.line, column: loc.start.column + 1 },
    end: { line: loc.end.line, column: loc.end.column + 1 },
  };
}
