import type { Redaction } from '../rule.js';

/** Keys shorter than this show no characters at all: two characters of a six-character key is a third of it. */
const PREVIEW_MIN_LENGTH = 16;
const PREVIEW_CHARS = 2;

export function redact(value: string, byteLength: number): Redaction {
  const chars = [...value];
  const preview = chars.length >= PREVIEW_MIN_LENGTH ? `${chars.slice(0, PREVIEW_CHARS).join('')}…` : '';
  return { preview, byteLength };
}

/** `"de…" (24 bytes)` or `(6 bytes)`: the only form in which a key ever appears in a report. */
export function formatRedaction(redaction: Redaction): string {
  const size = `${redaction.byteLength} byte${redaction.byteLength === 1 ? '' : 's'}`;
  return redaction.preview ? `"${redaction.preview}" (${size}, redacted)` : `(${size}, redacted)`;
}

/**
 * Message data may only carry structural facts; if a value contains the key anyway (a rule bug or a
 * variable named like its value), it is replaced rather than printed.
 */
export function scrubData(
  data: Record<string, string | number> | undefined,
  secret: string,
): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(data ?? {})) {
    out[key] = typeof value === 'string' && secret.length >= 3 && value.includes(secret) ? '[redacted]' : value;
  }
  return out;
}

export function renderMessage(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}
