// Rebuilds rules/data/known-jwt-secrets/jwt.secrets.index.bin from jwt.secrets.list.gz (run after
// updating the list; test/analysis/secret-index.test.ts fails when the two disagree).
import fs from 'node:fs';
import { buildSecretIndex } from '../dist/src/analysis/secret-index.js';
import { loadLineSet } from '../dist/src/analysis/secret-list.js';

const dir = 'rules/data/known-jwt-secrets';
const index = buildSecretIndex(loadLineSet(`${dir}/jwt.secrets.list.gz`));
fs.writeFileSync(`${dir}/jwt.secrets.index.bin`, index);
console.log(`${index.length / 8} digests written`);
