// Regenerates the README rules section from the compiled rule metadata (run `npm run docs`).
import fs from 'node:fs';
import { RULES } from '../dist/rules/index.js';
import { replaceRulesSection } from '../dist/src/docs/rules-markdown.js';

const readme = fs.readFileSync('README.md', 'utf8');
const next = replaceRulesSection(readme, RULES);
if (next !== readme) fs.writeFileSync('README.md', next);
console.log(next === readme ? 'README rules section is up to date' : 'README rules section updated');
