// Parses every JS/TS file of a directory with jwtscan's parser settings and lists the failures
// (files no dialect accepts) and files parsed with recovered errors: how much real code the
// scanner can read at all, whatever the keyword check would skip. Usage: node bench/parse-all.mjs DIR
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { parseSource } = await import(path.join(ROOT, 'dist/src/engine/parse.js'));
const { loadBabel } = await import(path.join(ROOT, 'dist/src/engine/babel.js'));
const { default: fg } = await import('fast-glob');
await loadBabel();
const dir = path.resolve(process.argv[2] ?? '.');
const files = fg.sync('**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts}', { cwd: dir, ignore: ['**/node_modules/**'] }).sort();
const failed = [];
const recovered = [];
for (const file of files) {
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  if (text.length > 512 * 1024) continue; // over jwtscan's parse limit: text pass only
  const result = parseSource(text, file);
  if (!result.ok) failed.push(`${file}: ${result.message}`);
  else if (result.recovered.length > 0) recovered.push(`${file}: ${result.recovered[0].message}`);
}
console.log(`${files.length} files; ${failed.length} not parsed, ${recovered.length} with recovered errors`);
for (const line of [...failed, ...recovered.map((r) => `(recovered) ${r}`)]) console.log(`  ${line}`);
