/**
 * `.env.example` lists what a service needs from its environment. Each variable a fix reads is
 * added with an empty value (never the old key), once: a variable already there is left alone.
 */
import { parseDotenv } from '../../config-files/parse-dotenv.js';
import type { FileChange } from './types.js';

export const ENV_EXAMPLE = '.env.example';
const HEADER = '# Set these in the deployment environment or a secrets manager, never here (new key: npx jwtscan gen-secret).';

export function envExamplePath(root: string): string {
  return root ? `${root}/${ENV_EXAMPLE}` : ENV_EXAMPLE;
}

/** The lines to add for `names` to the file's current text (undefined: it does not exist); undefined when nothing is missing. */
export function envExampleChange(file: string, original: string | undefined, names: readonly string[]): FileChange | undefined {
  const present = new Set(original === undefined ? [] : parseDotenv(original).map((e) => e.name));
  const missing = [...new Set(names)].filter((n) => !present.has(n));
  if (missing.length === 0) return undefined;
  const eol = original?.includes('\r\n') ? '\r\n' : '\n';
  const lines = missing.map((name) => `${name}=${eol}`).join('');
  if (original === undefined) return { file, original, edits: [{ start: 0, end: 0, text: `${HEADER}${eol}${lines}` }] };
  const separator = original === '' || original.endsWith('\n') ? '' : eol;
  return { file, original, edits: [{ start: original.length, end: original.length, text: `${separator}${lines}` }] };
}
