/**
 * Keywords inside encoded data name nothing. The keyword check (src/engine/prefilter.ts) matches
 * case-insensitively, and random base64 holds a "jwt" about once every 30 KB: modernizr's test
 * images, an icon component's embedded PNG, a vendored bundle's wasm. Without this such a file is
 * parsed and analysed whole (cold, modernizr.js alone cost ~0.1 s of a 2 s scan of the bench corpus).
 *
 * A keyword match does not count when it lies inside a run of at least BASE64_RUN characters of the
 * base64 alphabet. Nothing a rule reads is written that way: a name, module specifier, environment
 * variable or config path is ended by a quote, space, ".", "-" or "_" long before 256 characters.
 * Tokens and PEM bodies are found by the rules' case-sensitive patterns, which this does not touch.
 */
export const BASE64_RUN = 256;

/** Whether `source[start, end)` lies inside a run of at least BASE64_RUN base64 characters. */
export function insideBase64Run(source: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isBase64(source.charCodeAt(i))) return false;
  // Only as far as the run needs to reach BASE64_RUN: each match looks at no more than that.
  let from = start;
  let to = end;
  while (from > 0 && to - from < BASE64_RUN && isBase64(source.charCodeAt(from - 1))) from--;
  while (to < source.length && to - from < BASE64_RUN && isBase64(source.charCodeAt(to))) to++;
  return to - from >= BASE64_RUN;
}

function isBase64(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2f;
}
