/**
 * Removing a key from a configuration file: the value's text (its quotes included) is replaced,
 * the rest of the file is kept as it is.
 *   .env      `JWT_SECRET=`: the line stays as documentation of what the service needs; dotenv
 *             never overrides a variable the environment already sets, so the deployment's value
 *             wins, and an unset one reaches the code's own check as empty.
 *   compose   `${JWT_SECRET:?JWT_SECRET is not set}` for an environment variable: Compose fills it
 *             from the shell or its .env and refuses to start the service without it.
 *   JSON/YAML `""`: the setting stays (code that reads it finds an empty string, not a missing
 *             path) and is set by the deployment (node-config's custom-environment-variables,
 *             a Helm value, a Secret made outside the repository).
 */
import path from 'node:path';
import type { ConfigEntry, ConfigFileKind } from '../../rule.js';
import { parseDotenv } from '../../config-files/parse-dotenv.js';
import { parseJson } from '../../config-files/parse-json.js';
import { parseYaml } from '../../config-files/parse-yaml.js';
import { Unfixable, type Edit } from './types.js';

const COMPOSE_FILE = /(?:^|[-_.])compose(?:[-_.][\w.-]*)?\.ya?ml$/i;

export function configEntries(kind: ConfigFileKind, source: string): readonly ConfigEntry[] {
  if (kind === 'dotenv') return parseDotenv(source);
  return kind === 'json' ? parseJson(source).entries : parseYaml(source).entries;
}

export function configEntryAt(entries: readonly ConfigEntry[], start: number): ConfigEntry {
  const entry = entries.find((e) => e.start === start);
  if (!entry) throw new Unfixable('the value was not found where the scan reported it');
  return entry;
}

export function configEdit(file: string, kind: ConfigFileKind, source: string, entry: ConfigEntry): Edit {
  const original = source.slice(entry.start, entry.end);
  // A YAML block scalar's range ends after its line break: keep the break.
  const trailing = /[\r\n]+$/.exec(original)?.[0] ?? '';
  return { start: entry.start, end: entry.end - trailing.length, text: replacementFor(file, kind, source, entry) };
}

function replacementFor(file: string, kind: ConfigFileKind, source: string, entry: ConfigEntry): string {
  if (kind === 'dotenv') return '';
  // A `- NAME=value` list item (Compose, CI): the value is the end of one string.
  const inItem = source[entry.start - 1] === '=';
  if (kind === 'yaml' && entry.form === 'env' && COMPOSE_FILE.test(path.posix.basename(file)) && /^[A-Za-z_]\w*$/.test(entry.name)) {
    return `\${${entry.name}:?${entry.name} is not set}`;
  }
  return inItem ? '' : '""';
}
