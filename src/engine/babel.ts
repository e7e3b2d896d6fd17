/**
 * Babel's parser and traverser, loaded on first need: a scan whose files all fail the keyword
 * prefilter (most pre-commit runs) never pays the ~0.3 s it takes to load them.
 */
import type * as BabelParser from '@babel/parser';
import type traverseModule from '@babel/traverse';

export type TraverseFn = typeof traverseModule.default;

export interface Babel {
  parse: typeof BabelParser.parse;
  traverse: TraverseFn;
}

let loaded: Babel | undefined;

export async function loadBabel(): Promise<Babel> {
  if (!loaded) {
    const [parser, traverse] = await Promise.all([import('@babel/parser'), import('@babel/traverse')]);
    // Both are CommonJS with `exports.default`; under ESM the default import is the exports object.
    const exported = traverse.default as unknown as { default?: TraverseFn };
    loaded = { parse: parser.parse, traverse: exported.default ?? (traverse.default as unknown as TraverseFn) };
    tolerateRedeclarations(traverse as unknown as { Scope?: { prototype: Record<string, unknown> } });
  }
  return loaded;
}

/**
 * Babel's parser recovers from `let a; let a;` or a name imported twice, but building scopes then
 * throws "Duplicate declaration", which would abandon the analysis of the whole file (and its keys).
 * A scanner reads broken code as it is: the collision check is switched off, the later declaration
 * simply wins, as in the parser's recovered AST.
 */
function tolerateRedeclarations(traverse: { Scope?: { prototype: Record<string, unknown> } }): void {
  const prototype = traverse.Scope?.prototype;
  if (prototype && typeof prototype.checkBlockScopedCollisions === 'function') prototype.checkBlockScopedCollisions = () => {};
}

/** The loaded modules; the scan awaits `loadBabel()` before the first file it parses. */
export function babel(): Babel {
  if (!loaded) throw new Error('internal: Babel used before loadBabel()');
  return loaded;
}
