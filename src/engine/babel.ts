/**
 * Babel's parser, loaded on first need: a scan whose files all fail the keyword prefilter (most
 * pre-commit runs) never pays for loading it. The walk and scopes are jwtscan's own (src/ast/).
 */
import type * as BabelParser from '@babel/parser';

export interface Babel {
  parse: typeof BabelParser.parse;
}

let loaded: Babel | undefined;

export async function loadBabel(): Promise<Babel> {
  if (!loaded) {
    const parser = await import('@babel/parser');
    loaded = { parse: parser.parse };
  }
  return loaded;
}

/** The loaded parser; the scan awaits `loadBabel()` before the first file it parses. */
export function babel(): Babel {
  if (!loaded) throw new Error('internal: Babel used before loadBabel()');
  return loaded;
}
