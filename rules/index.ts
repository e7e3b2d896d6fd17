/** The only place rules are named: an explicit list, sorted by id (checked by test/rules.meta.test.ts). */
import type { AnyRule } from '../src/rule.js';
import { jwtHardcodedSecret } from './jwt-hardcoded-secret.js';
import { jwtInlineSecret } from './jwt-inline-secret.js';
import { jwtWeakSecret } from './jwt-weak-secret.js';

export const RULES: readonly AnyRule[] = [jwtHardcodedSecret, jwtInlineSecret, jwtWeakSecret] as AnyRule[];
