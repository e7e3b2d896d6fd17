/** The only place rules are named: an explicit list, sorted by id (checked by test/rules.meta.test.ts). */
import type { AnyRule } from '../src/rule.js';
import { jwtConfigSecret } from './jwt-config-secret.js';
import { jwtHardcodedSecret } from './jwt-hardcoded-secret.js';
import { jwtHardcodedToken } from './jwt-hardcoded-token.js';
import { jwtInlineSecret } from './jwt-inline-secret.js';
import { jwtPrivateKeyLiteral } from './jwt-private-key-literal.js';
import { jwtReusedSecret } from './jwt-reused-secret.js';
import { jwtSecretByName } from './jwt-secret-by-name.js';
import { jwtWeakSecret } from './jwt-weak-secret.js';

export const RULES: readonly AnyRule[] = [jwtConfigSecret, jwtHardcodedSecret, jwtHardcodedToken, jwtInlineSecret, jwtPrivateKeyLiteral, jwtReusedSecret, jwtSecretByName, jwtWeakSecret] as AnyRule[];
