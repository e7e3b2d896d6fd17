import fs from 'node:fs';
import path from 'node:path';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { FIXTURES } from './scan-helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif/sarif-schema-2.1.0.json'), 'utf8'));
// Both packages are CommonJS with `exports.default`; depending on the loader the default import is
// the class/function itself or the exports object.
const Ajv04 = (ajvDraft04 as unknown as { default?: typeof ajvDraft04.default }).default ?? (ajvDraft04 as unknown as typeof ajvDraft04.default);
const addFormats = (ajvFormats as unknown as { default?: typeof ajvFormats.default }).default ?? (ajvFormats as unknown as typeof ajvFormats.default);

// The schema is draft-04: plain Ajv cannot compile it. ajv-formats checks uri-reference and date-time.
const ajv = new Ajv04({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
