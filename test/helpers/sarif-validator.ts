import fs from 'node:fs';
import path from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { FIXTURES } from './scan-helpers.js';

const schema = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'sarif/sarif-schema-2.1.0.json'), 'utf8'));
// The schema is draft-04: plain Ajv cannot compile it. ajv-formats checks uri-reference and date-time.
const ajv = new Ajv04({ allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);

export function sarifSchemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
