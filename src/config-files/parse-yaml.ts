/**
 * YAML with positions (the `yaml` package: maintained, spec-complete, gives each node's source
 * range, and never expands aliases unless asked). Every document of a file is read; what
 * becomes an entry:
 *   - each `key: scalar` pair, at its key path (Helm values, app settings, Secret `stringData`);
 *   - `environment:` maps and `- NAME=value` lists (Compose), and `env: [{ name, value }]`
 *     (Kubernetes containers), as environment variables;
 *   - a Kubernetes Secret's `data:` values, base64-decoded.
 * Aliases are not expanded (the anchor's own value is already an entry), so an alias bomb costs
 * nothing; nesting deeper than MAX_DEPTH is not followed.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Node as YamlNode } from 'yaml';
import type { ConfigEntry } from '../rule.js';

const MAX_DEPTH = 64;

export interface ParsedConfig {
  entries: ConfigEntry[];
  /** The first syntax error, if any (the entries are what could be read around it). */
  error?: { message: string; line: number };
}

export function parseYaml(source: string): ParsedConfig {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(source, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: false });
  const entries: ConfigEntry[] = [];
  let error: ParsedConfig['error'];
  for (const document of Array.isArray(documents) ? documents : [documents]) {
    const first = document.errors[0];
    if (first && !error) error = { message: first.message.split('\n')[0]!, line: lineCounter.linePos(first.pos[0]).line };
    const secret = isKubernetesSecret(document.contents);
    visit(document.contents, [], entries, source, 0, secret);
  }
  return { entries, ...(error ? { error } : {}) };
}

function isKubernetesSecret(root: unknown): boolean {
  return isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === 'kind' && isScalar(p.value) && p.value.value === 'Secret');
}

function visit(node: unknown, path: string[], out: ConfigEntry[], source: string, depth: number, secret: boolean): void {
  if (depth > MAX_DEPTH || !node) return;
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const value = pair.value;
      if (isScalar(value)) {
        // A Secret's keys become environment variables of the pods that use it (envFrom).
        const secretData = secret && path.length === 1 && (path[0] === 'data' || path[0] === 'stringData');
        const entry = scalarEntry(value, key, [...path, key], source, path.at(-1) === 'environment' || secretData ? 'env' : 'key');
        if (entry) out.push(secretData && path[0] === 'data' ? decodeBase64(entry) : entry);
        continue;
      }
      // `environment:`/`env:` lists, also one level down (Travis' `env: { global: [...] }`).
      if (isSeq(value) && [key, path.at(-1)].some((k) => k === 'environment' || k === 'env')) {
        // Read once, as variables: a generic visit would add each `value:` again as a setting at the same place.
        envList(value.items, [...path, key], out, source);
        continue;
      }
      visit(value, [...path, key], out, source, depth + 1, secret);
    }
    return;
  }
  if (isSeq(node)) {
    for (const item of node.items) visit(item, path, out, source, depth + 1, secret);
  }
}

/** Compose `- NAME=value` items and Kubernetes `- name: NAME` + `value: …` items. */
function envList(items: unknown[], path: string[], out: ConfigEntry[], source: string): void {
  for (const item of items) {
    if (isScalar(item) && typeof item.value === 'string' && item.range) {
      const eq = item.value.indexOf('=');
      if (eq <= 0) continue;
      const name = item.value.slice(0, eq);
      const text = source.slice(item.range[0], item.range[1]);
      const at = text.indexOf('=');
      if (at < 0) continue;
      const quoted = text[0] === '"' || text[0] === "'";
      const start = item.range[0] + at + 1;
      out.push({ name, path: [...path, name], value: item.value.slice(eq + 1), start, end: item.range[1] - (quoted ? 1 : 0), form: 'env' });
    } else if (isMap(item)) {
      const nameNode = item.items.find((p) => isScalar(p.key) && p.key.value === 'name')?.value;
      const valueNode = item.items.find((p) => isScalar(p.key) && p.key.value === 'value')?.value;
      if (isScalar(nameNode) && typeof nameNode.value === 'string' && isScalar(valueNode)) {
        const entry = scalarEntry(valueNode, nameNode.value, [...path, nameNode.value], source, 'env');
        if (entry) out.push(entry);
      }
    }
  }
}

function scalarEntry(node: YamlNode, name: string, path: string[], source: string, form: ConfigEntry['form']): ConfigEntry | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const value = node.value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return { name, path, value: String(value), start: node.range[0], end: node.range[1], form };
}

function decodeBase64(entry: ConfigEntry): ConfigEntry {
  const compact = entry.value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return entry;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  // Not text: keep the encoded form (a binary key is judged by its bytes elsewhere).
  return /[\u0000-\u0008\u000e-\u001f\ufffd]/.test(decoded) ? entry : { ...entry, value: decoded };
}
