/**
 * Text into HTML. Everything a report shows comes from the scanned repository (file names, labels,
 * masked code) or from messages built from it, so every piece of text goes through `html()`:
 * markup characters become entities, and characters that could hide or reorder what a reader sees
 * (C0/C1 controls, bidirectional overrides: "Trojan Source") are shown as visible escapes.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const MARKUP = /[&<>"']/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Element text or a double-quoted attribute value. */
export function html(text: string): string {
  return visible(text).replace(MARKUP, (ch) => ENTITIES[ch]!);
}

/** Invisible and direction-changing characters as `\xNN` / `\u{NNNN}`; lone surrogates as U+FFFD. */
export function visible(text: string): string {
  return text
    .replace(INVISIBLE, (ch) => {
      const code = ch.charCodeAt(0);
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
    })
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
