/**
 * Whether a JavaScript or TypeScript source holds nothing but comments and whitespace: a generated
 * API reference, say, one doc block per file (308 of the 369 files with a JWT keyword in the real
 * bench corpus, all of medusa's `oas-output`). Such a file declares, imports and calls nothing, so
 * no rule can find anything in it, whatever its comments say, and the keyword check
 * (src/engine/prefilter.ts) lets it pass unparsed. A comment beside any code still counts: a
 * "// JWT settings" line above a config object is why that object is analysed.
 *
 * Sound by construction: it stops at the first character that is neither whitespace nor inside a
 * comment, so strings, regexes and templates never need telling apart.
 */
export function holdsOnlyComments(source: string): boolean {
  let i = 0;
  while (i < source.length) {
    const c = source.charCodeAt(i);
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    if (c !== SLASH) return false;
    const next = source.charCodeAt(i + 1);
    if (next === SLASH) {
      i = lineEnd(source, i + 2);
      continue;
    }
    if (next !== STAR) return false;
    const close = source.indexOf('*/', i + 2);
    if (close < 0) return false; // unterminated: not JavaScript, let the parser say so
    i = close + 2;
  }
  return true;
}

const SLASH = 0x2f;
const STAR = 0x2a;

function lineEnd(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x0a || c === 0x0d || c === 0x2028 || c === 0x2029) return i;
  }
  return source.length;
}

/** JavaScript's WhiteSpace and LineTerminator: tab, VT, FF, space, NBSP, BOM, Unicode Zs, LF, CR, LS, PS. */
function isWhitespace(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true; // space, tab, LF, VT, FF, CR
  if (c < 0x80) return false;
  return c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029 || /\p{Zs}/u.test(String.fromCharCode(c));
}
