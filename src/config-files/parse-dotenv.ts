/**
 * `.env` files with positions, by dotenv's grammar (dotenv 17 `lib/main.js` LINE): optional
 * `export `, a key of `[\w.-]`, `=` or `: `, then a single-, double- or backtick-quoted value (which
 * may span lines: PEM keys) or an unquoted one up to `#`. Double-quoted values expand `\n` and `\r`.
 * dotenv's own parser gives no positions, hence this one; it never fails (a line it cannot read is
 * skipped, as dotenv skips it).
 */
import type { ConfigEntry } from '../rule.js';

const LINE = /^[ \t]*(?:export[ \t]+)?([\w.-]+)(?:[ \t]*=[ \t]*|:[ \t]+)('(?:\\'|[^'])*'|"(?:\\"|[^"])*"|`(?:\\`|[^`])*`|[^#\r\n]*)/gm;

export function parseDotenv(source: string): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  for (const match of source.matchAll(LINE)) {
    const name = match[1]!;
    const raw = match[2]!;
    const valueStart = match.index + match[0].length - raw.length;
    const quote = raw[0];
    if (quote === "'" || quote === '"' || quote === '`') {
      let value = raw.slice(1, -1);
      if (quote === '"') value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
      entries.push({ name, path: [name], value, start: valueStart, end: valueStart + raw.length, form: 'env' });
      continue;
    }
    const trimmed = raw.trimEnd();
    entries.push({ name, path: [name], value: trimmed, start: valueStart, end: valueStart + trimmed.length, form: 'env' });
  }
  return entries;
}
