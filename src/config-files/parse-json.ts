/**
 * JSON, JSONC and JSON5-ish config files with positions (`jsonc-parser`, the scanner and parser of
 * VS Code: tolerant of comments and trailing commas, gives every node's offset, and recovers after
 * errors). Every string value becomes an entry at its key path.
 */
import { parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { ConfigEntry } from '../rule.js';
import type { ParsedConfig } from './parse-yaml.js';

const MAX_DEPTH = 64;

export function parseJson(source: string): ParsedConfig {
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
  const entries: ConfigEntry[] = [];
  visit(root, [], entries, 0);
  const first = errors[0];
  return { entries, ...(first ? { error: { message: printParseErrorCode(first.error), line: lineAt(source, first.offset) } } : {}) };
}

function visit(node: JsonNode | undefined, path: string[], out: ConfigEntry[], depth: number): void {
  if (!node || depth > MAX_DEPTH) return;
  if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (!key || typeof key.value !== 'string' || !value) continue;
      if (value.type === 'string' && typeof value.value === 'string') {
        out.push({ name: key.value, path: [...path, key.value], value: value.value, start: value.offset, end: value.offset + value.length, form: 'key' });
      } else {
        visit(value, [...path, key.value], out, depth + 1);
      }
    }
  } else if (node.type === 'array') {
    for (const item of node.children ?? []) visit(item, path, out, depth + 1);
  }
}

function lineAt(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source.charCodeAt(i) === 10) line++;
  return line;
}
