/**
 * How deeply brackets nest in a source, measured before parsing. Babel's recursive parser and
 * traverser overflow the stack somewhere between a few hundred and a few thousand levels, and
 * where exactly depends on how far V8 has optimised them (so on which files were scanned before).
 * A fixed limit checked up front keeps the outcome deterministic: deeper files go to the text pass.
 */
export const MAX_NESTING = 256;

/** The deepest bracket nesting, skipping strings and comments (regex literals are not recognised). */
export function nestingDepth(source: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) {
      // ( [ {
      if (++depth > deepest && (deepest = depth) > stopAbove) return deepest;
    } else if (c === 41 || c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39 || c === 96) {
      // " ' ` : skip to the closing quote (template expressions count as string text here)
      i = closing(source, i, c);
    } else if (c === 47 && source.charCodeAt(i + 1) === 47) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === 47 && source.charCodeAt(i + 1) === 42) {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 1;
    }
  }
  return deepest;
}

function closing(source: string, open: number, quote: number): number {
  for (let i = open + 1; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 92) i++;
    else if (c === quote) return i;
    else if (quote !== 96 && (c === 10 || c === 13)) return i; // unterminated: stop at the line end
  }
  return source.length;
}
