/**
 * Telling a regex literal from a division without a parser, the usual way: a `/` starts a regex
 * after punctuation that cannot end an expression, or after keywords like `return`. Conservative:
 * not after an asterisk (which usually closes a comment), never across a comment marker, and
 * closed on its own line.
 * Used where text is masked or split into regions without an AST, so a quote inside `/['"]/` does
 * not open a string.
 */
export function startsRegex(before: string): boolean {
  const trimmed = before.trimEnd();
  if (trimmed === '') return true;
  const last = trimmed[trimmed.length - 1]!;
  if ('(,=:[!&|?{};'.includes(last)) return true;
  return /\b(?:return|typeof|case|in|of|delete|void|throw|new|yield|await)$/.test(trimmed);
}

/** The offset after the closing `/` and flags of a regex literal starting at `start`, or -1. */
export function regexLiteralEnd(text: string, start: number): number {
  let inClass = false;
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return -1;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) {
      const body = text.slice(start + 1, j);
      if (body.includes('/*') || body.includes('*/') || text[j + 1] === '*' || text[j + 1] === '/') return -1;
      let k = j + 1;
      while (k < text.length && /[a-z]/i.test(text[k]!)) k++;
      return k;
    }
  }
  return -1;
}
