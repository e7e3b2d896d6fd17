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
  const text = new SourceText(source);
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
