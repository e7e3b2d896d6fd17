/**
 * How a module writes code, so inserted lines look like their neighbours: its quote, whether
 * statements end with semicolons, `const` or `var`, and its line break.
 */
import type { File, Node } from '@babel/types';
import { forEachChild } from '../../ast/children.js';

export interface ModuleStyle {
  quote: "'" | '"';
  semicolon: boolean;
  declare: 'const' | 'var';
  eol: '\n' | '\r\n';
}

export function moduleStyle(ast: File, source: string): ModuleStyle {
  let single = 0;
  let double = 0;
  let blockScoped = 0;
  let functionScoped = 0;
  const visit = (node: Node): void => {
    if (node.type === 'StringLiteral') {
      const raw = source[node.start ?? 0];
      if (raw === "'") single++;
      else if (raw === '"') double++;
    } else if (node.type === 'VariableDeclaration') {
      if (node.kind === 'var') functionScoped++;
      else blockScoped++;
    }
    forEachChild(node, visit);
  };
  visit(ast.program);
  return {
    quote: double > single ? '"' : "'",
    semicolon: usesSemicolons(ast, source),
    declare: functionScoped > 0 && blockScoped === 0 ? 'var' : 'const',
    eol: source.includes('\r\n') ? '\r\n' : '\n',
  };
}

/** By the top-level statements that take a semicolon: most of them decide (none: yes). */
function usesSemicolons(ast: File, source: string): boolean {
  let with_ = 0;
  let without = 0;
  for (const statement of ast.program.body) {
    if (!['VariableDeclaration', 'ExpressionStatement', 'ImportDeclaration'].includes(statement.type)) continue;
    const end = statement.end ?? 0;
    if (source[end - 1] === ';') with_++;
    else without++;
  }
  return without <= with_;
}

/** `'JWT_SECRET is not set'` in the module's quote. */
export function quoted(text: string, style: ModuleStyle): string {
  const q = style.quote;
  return `${q}${text.replace(/\\/g, '\\\\').split(q).join(`\\${q}`)}${q}`;
}
