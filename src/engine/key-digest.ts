/**
 * The identity of a key literal for baselines: an HMAC-SHA256 of the literal's source text (quotes
 * stripped) under the baseline's own random salt. The key itself and any unsalted hash of it are never
 * stored: a SHA-256 of a weak key is reversed by a dictionary in seconds, and a per-baseline salt
 * stops one precomputed dictionary from serving every repository.
 */
import { builtins } from '../util/builtins.js';
import type { Region } from '../rule.js';
import { SourceText } from './source-text.js';

/** The source text of a literal at a region, without its quotes; undefined when the text is not available. */
export function literalSource(source: string | undefined, region: Region): string | undefined {
  if (source === undefined) return undefined;
  const text = sourceText(source);
  const lines: string[] = [];
  for (let line = region.start.line; line <= region.end.line; line++) {
    const whole = text.line(line);
    const from = line === region.start.line ? region.start.column - 1 : 0;
    const to = line === region.end.line ? region.end.column - 1 : whole.length;
    lines.push(whole.slice(from, to));
  }
  const literal = lines.join('\n');
  return /^(['"`])([\s\S]*)\1$/.exec(literal)?.[2] ?? literal;
}

export function keyDigest(source: string | undefined, region: Region, salt: string): string | undefined {
  const literal = literalSource(source, region);
  return literal === undefined ? undefined : builtins.crypto().createHmac('sha256', salt).update(literal).digest('hex').slice(0, 32);
}

/** A fresh salt for a new baseline (128 bits from the CSPRNG). */
export function newSalt(): string {
  return builtins.crypto().randomBytes(16).toString('hex');
}

/**
 * The key a literal holds, as comparable text: string escapes read (`'a\nb'` and a template literal with
 * a line break are the same key), and a PEM key reduced to its base64 body (the same private key pasted
 * with `\n` escapes, real line breaks or CRLF). In memory only: it feeds a digest and is dropped.
 */
export function comparableKey(source: string | undefined, region: Region): string | undefined {
  if (source === undefined) return undefined;
  const literal = literalSource(source, region);
  if (literal === undefined) return undefined;
  const quoted = /^(['"`])[\s\S]*\1$/.test(rawText(source, region) ?? '');
  const value = quoted ? unescapeString(literal) : literal;
  const pem = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/.exec(value);
  return pem ? `PEM ${pem[1]} ${pem[2]!.replace(/\\[nr]|[^A-Za-z0-9+/=]/g, '')}` : value;
}

/** A digest of `comparableKey` under a salt; compare digests made with the same salt only. */
export function comparableKeyDigest(source: string | undefined, region: Region, salt: string): { digest: string; privateKey: boolean } | undefined {
  const key = comparableKey(source, region);
  if (key === undefined) return undefined;
  return { digest: builtins.crypto().createHmac('sha256', salt).update(key).digest('hex'), privateKey: /^PEM [A-Z0-9 ]*PRIVATE KEY /.test(key) };
}

function rawText(source: string, region: Region): string | undefined {
  const text = sourceText(source);
  const from = text.lineStart(region.start.line);
  const to = text.lineStart(region.end.line);
  return from === undefined || to === undefined ? undefined : source.slice(from + region.start.column - 1, to + region.end.column - 1);
}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', 0: '\0' };

function unescapeString(text: string): string {
  return text.replace(/\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|\r?\n|([\s\S]))/g, (_whole, braced?: string, u4?: string, x2?: string, other?: string) => {
    const hex = braced ?? u4 ?? x2;
    if (hex !== undefined) return String.fromCodePoint(Number.parseInt(hex, 16));
    if (other === undefined) return ''; // a line continuation
    return ESCAPES[other] ?? other;
  });
}

let lastText: SourceText | undefined;

/** The line index of a file's text, kept for the last file: the digests of one file's literals are made in a row. */
function sourceText(source: string): SourceText {
  if (lastText?.text !== source) lastText = new SourceText(source);
  return lastText;
}
