/**
 * The annotated fixture corpus under test/fixtures/rules/<rule-id>/: each file is a case of its
 * own, each directory one multi-file case scanned as a whole. Shared by the generic rule test and
 * the eval (precision / recall per rule and per library).
 */
import fs from 'node:fs';
import path from 'node:path';
import { RULE_FIXTURES } from './scan-helpers.js';

import { configKindOf } from '../../src/config-files/kind.js';

const CODE = /\.(c|m)?(j|t)sx?$/;
/** A fixture file: code, or a configuration file jwtscan reads (.env, JSON, YAML). */
export const SOURCE = { test: (name: string) => CODE.test(name) || configKindOf(name) !== undefined };

/** `<rule-dir>/<entry>` for every fixture file and multi-file directory, sorted. */
export function fixtureCases(): string[] {
  return fs
    .readdirSync(RULE_FIXTURES)
    .flatMap((ruleDir) => fs.readdirSync(path.join(RULE_FIXTURES, ruleDir)).map((entry) => `${ruleDir}/${entry}`))
    .filter((entry) => SOURCE.test(entry) || fs.statSync(path.join(RULE_FIXTURES, entry)).isDirectory())
    .sort();
}

/** The source files of a case: the file itself, or every source file under the directory. */
export function filesOf(absolute: string): string[] {
  if (!fs.statSync(absolute).isDirectory()) return [absolute];
  return fs
    .readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .filter((f) => SOURCE.test(f))
    .sort()
    .map((f) => path.join(absolute, f));
}

/** The `// idiom: name` header of a fixture file (issue #15's flow idioms: helpers, providers, classes, …), if any. */
export function idiomOf(source: string): string | undefined {
  return /^\s*(?:\/\/|#)\s*idiom:\s*(.+?)\s*$/m.exec(source.split('\n', 5).join('\n'))?.[1];
}

/** The `// library: name` header of a fixture file (how the eval groups cases), or `general`. */
export function libraryOf(source: string): string {
  return /^\s*\/\/\s*library:\s*(.+?)\s*$/m.exec(source.split('\n', 5).join('\n'))?.[1] ?? 'general';
}
