import fs from 'node:fs';
import path from 'node:path';
import ajvModule from 'ajv';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { validateConfig } from '../src/config/load-config.js';
import { ROOT } from './helpers/scan-helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/jwtscan.schema.json'), 'utf8'));
// CommonJS with `exports.default`: the default import is the class or the exports object, by loader.
const AjvClass = (ajvModule as unknown as { default?: typeof ajvModule.default }).default ?? (ajvModule as unknown as typeof ajvModule.default);
const validateSchema = new AjvClass({ allErrors: true }).compile(schema);
const known = new Set(RULES.map((r) => r.id));

const samples: [string, unknown, boolean][] = [
  ['empty', {}, true],
  ['full', { $schema: './schema.json', include: ['src/**'], exclude: ['test/fixtures'], failOn: 'error', rules: { 'jwt-weak-secret': 'off', 'jwt-inline-secret': 'note' } }, true],
  ['unknown key', { colour: true }, false],
  ['bad failOn', { failOn: 'always' }, false],
  ['unknown rule', { rules: { 'jwt-nope': 'off' } }, false],
  ['bad level', { rules: { 'jwt-weak-secret': 'loud' } }, false],
  ['exclude not an array', { exclude: 'dist' }, false],
];

describe('config validation', () => {
  it.for(samples)('%s: the shipped JSON Schema and the loader agree', ([, config, valid]) => {
    const problems: string[] = [];
    validateConfig(config, known, problems);
    expect(problems.length === 0).toBe(valid);
    expect(validateSchema(config)).toBe(valid);
  });

  it('the schema names exactly the rules there are', () => {
    expect(schema.properties.rules.propertyNames.enum).toEqual(RULES.map((r) => r.id));
  });
});
