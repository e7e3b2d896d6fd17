// Regenerates src/ast/visitor-keys.ts from @babel/types' VISITOR_KEYS: which fields of each node
// type hold child nodes, in the order @babel/traverse visits them. Kept as data so the scan never
// loads @babel/types (~80 ms) at run time; test/ast/visitor-keys.test.ts fails when it is stale.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const { VISITOR_KEYS } = createRequire(import.meta.url)('@babel/types');
const version = JSON.parse(fs.readFileSync(new URL('../node_modules/@babel/types/package.json', import.meta.url), 'utf8')).version;
const rows = Object.keys(VISITOR_KEYS)
  .sort()
  .map((type) => `  ${type}: [${VISITOR_KEYS[type].map((k) => `'${k}'`).join(', ')}],`);
const text = `/**
 * The fields of each node type that hold child nodes, in @babel/traverse's visiting order (source
 * order). Generated from @babel/types ${version} by scripts/generate-visitor-keys.mjs; do not edit by hand.
 */
export const VISITOR_KEYS: Readonly<Record<string, readonly string[]>> = {
${rows.join('\n')}
};
`;
fs.writeFileSync(new URL('../src/ast/visitor-keys.ts', import.meta.url), text);
console.log(`src/ast/visitor-keys.ts: ${rows.length} node types`);
