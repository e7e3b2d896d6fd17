/**
 * The edits that move the keys of one variable in one module to the environment: one fail-fast
 * guard before the first top-level statement that holds a key (`if (!process.env.X) throw …`),
 * a module constant when a key sits inside a call, an option or a function, and each key replaced.
 * After the guard, TypeScript narrows `process.env.X` to `string`, so the constant (and each
 * rewritten top-level declaration) is a `string` everywhere, closures included.
 */
import type { File } from '@babel/types';
import { isIdentifierName } from './env-name.js';
import type { CodeSite } from './code-site.js';
import { identifierNames } from './code-site.js';
import { quoted, type ModuleStyle } from './module-style.js';
import { Unfixable, type Edit } from './types.js';

export function envRead(name: string, style: ModuleStyle): string {
  return isIdentifierName(name) ? `process.env.${name}` : `process.env[${quoted(name, style)}]`;
}

export function codeEdits(ast: File, source: string, sites: readonly CodeSite[], envName: string, style: ModuleStyle): Edit[] {
  const read = envRead(envName, style);
  const semi = style.semicolon ? ';' : '';
  const needsConstant = sites.some((s) => !s.topLevelDeclaration);
  if (needsConstant && (!isIdentifierName(envName) || identifierNames(ast).has(envName))) {
    throw new Unfixable(`the name ${envName} is already used in this module (or is no identifier): move the key by hand`);
  }
  const first = [...sites].sort((a, b) => (a.statement.start ?? 0) - (b.statement.start ?? 0))[0]!;
  const { at, indent, inline } = insertionPoint(source, first.statement.start ?? 0);
  const lines = [`if (!${read}) throw new Error(${quoted(`${envName} is not set`, style)})${semi}`];
  if (needsConstant) lines.push(`${style.declare} ${envName} = ${read}${semi}`);
  const text = inline ? `${lines.join(' ')} ` : lines.map((line) => `${indent}${line}${style.eol}`).join('');
  const edits: Edit[] = [{ start: at, end: at, text }];
  for (const site of sites) {
    const replacement = site.topLevelDeclaration ? read : site.jsxAttribute ? `{${envName}}` : envName;
    edits.push({ start: site.start, end: site.end, text: replacement });
  }
  return edits;
}

/**
 * Where lines go before a statement: the start of its line, above the comment lines right over it
 * (they describe the statement). When other code precedes it on its line, at the statement itself.
 */
function insertionPoint(source: string, statementStart: number): { at: number; indent: string; inline: boolean } {
  const lineStart = source.lastIndexOf('\n', statementStart - 1) + 1;
  const before = source.slice(lineStart, statementStart);
  if (before.trim() !== '') return { at: statementStart, indent: '', inline: true };
  let at = lineStart;
  while (at > 0) {
    const previousStart = source.lastIndexOf('\n', at - 2) + 1;
    const previous = source.slice(previousStart, at).trim();
    if (!/^(?:\/\/|\/\*|\*)/.test(previous)) break;
    at = previousStart;
  }
  return { at, indent: before, inline: false };
}
