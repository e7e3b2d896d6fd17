import { EntropyEstimator } from '../src/analysis/entropy.js';
import { flowReport, keyFlowsAt } from '../src/analysis/key-flows.js';
import { assessKey, knownDefaultSet, MIN_ENTROPY_BITS, type StrengthChecks, type Weakness } from '../src/analysis/key-strength.js';
import { findInlineKeyCallsText } from '../src/analysis/text-calls.js';
import { defineRule, type Level, type RuleSettings } from '../src/rule.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { KNOWN_DEFAULT_SECRETS } from './data/known-defaults.js';
import { isPublicSecret } from './data/public-secrets.js';
import { SECRET_WORDS } from './data/secret-words.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId = 'emptyKey' | 'knownDefault' | 'publiclyKnown' | 'tooShort' | 'lowEntropy';

export const STRENGTH_CHECKS: StrengthChecks = {
  knownDefaults: knownDefaultSet(KNOWN_DEFAULT_SECRETS),
  isPubliclyKnown: isPublicSecret,
  entropy: new EntropyEstimator([...SECRET_WORDS, ...KNOWN_DEFAULT_SECRETS.flatMap((s) => s.toLowerCase().split(/[^a-z]+/))]),
};

const withProjectWords = new WeakMap<readonly string[], StrengthChecks>();

/** The checks plus the project's own known-weak values (config `weakSecrets`), which count as known defaults. */
function strengthChecks(settings: RuleSettings): StrengthChecks {
  if (settings.weakSecrets.length === 0) return STRENGTH_CHECKS;
  let checks = withProjectWords.get(settings.weakSecrets);
  if (!checks) {
    checks = { ...STRENGTH_CHECKS, knownDefaults: new Set([...STRENGTH_CHECKS.knownDefaults, ...knownDefaultSet(settings.weakSecrets)]) };
    withProjectWords.set(settings.weakSecrets, checks);
  }
  return checks;
}

export const jwtWeakSecret = defineRule<MessageId>({
  id: 'jwt-weak-secret',
  name: 'WeakJwtSecret',
  shortDescription: 'Weak JWT signing key',
  fullDescription:
    'A literal JWT key is empty, a known default or placeholder, on the public list of leaked JWT secrets, shorter than RFC 7518 requires for its HMAC algorithm, or a human-chosen phrase with too little entropy. Tokens signed with it can be forged by guessing the key offline.',
  help: `## Why it matters
An HMAC-signed JWT (HS256/384/512) can be attacked offline: one captured token is enough to test
candidate keys at millions per second, with no request to the service. Default and tutorial keys
(\`secret\`, \`your-256-bit-secret\`, \`shhhhh\`) are the first candidates every cracking wordlist tries,
and RFC 7518 §3.2 requires a key at least as long as the hash: 32 bytes for HS256, 48 for HS384,
64 for HS512. No JavaScript JWT library enforces this. Length is not enough either: RFC 8725 §3.5
forbids human-memorable passwords as HMAC keys, and \`mysupersecretkeythatislongenough123\` falls
to a wordlist as fast as \`secret\` does.

jwtscan checks, in this order: an empty key; a known default or placeholder (case, separators
and trailing digits ignored); the 103,979 secrets of the public wallarm/jwt-secrets list; the byte
length the library uses (decoded for \`Buffer.from(x, 'base64' | 'hex')\`) against the algorithm
named at the call (HS256 when none is); and an entropy estimate that recognises dictionary words,
keyboard walks, sequences, repetitions, years and UUIDs (below ${MIN_ENTROPY_BITS} bits is weak, RFC 7515
§10.1). A random 32-byte key in hex or base64 scores about 256 bits.

A weak key that is also hard-coded is one finding (reported by the hard-coded-key rule, with this
problem in its message and \`problems\`); its fix adds a step: besides moving the key out of the
code, replace it with a new strong key.

## How to fix
Generate 256 bits from a CSPRNG and keep them out of the source:

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const token = jwt.sign({ sub: user.id }, 'secret');
\`\`\`

Correct:
\`\`\`js
// once: npx jwtscan gen-secret --format base64
const jwt = require('jsonwebtoken');
const key = Buffer.from(process.env.JWT_SECRET_B64, 'base64');
const token = jwt.sign({ sub: user.id }, key);
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
Never for a key a deployed service accepts. Test-only keys are better generated at test start.

## References
- [RFC 7518 §3.2: HMAC with SHA-2 Functions](https://www.rfc-editor.org/rfc/rfc7518#section-3.2)
- [RFC 8725 §3.5: Ensure Cryptographic Keys Have Sufficient Entropy](https://www.rfc-editor.org/rfc/rfc8725#section-3.5)
- [OWASP JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html)
- [CWE-326: Inadequate Encryption Strength](https://cwe.mitre.org/data/definitions/326.html)
- [CWE-1394: Use of Default Cryptographic Key](https://cwe.mitre.org/data/definitions/1394.html)
`,
  tags: ['security', 'external/cwe/cwe-326', 'external/cwe/cwe-331', 'external/cwe/cwe-1394', 'jwt', 'secrets'],
  level: 'warning',
  securitySeverity: 7.5,
  precision: 'high',
  messages: {
    emptyKey: 'Empty JWT key passed to {{sink}}: no key is configured; load a 256-bit random key from the environment.',
    knownDefault:
      'JWT key {{key}} used by {{sink}} is a well-known default or placeholder value that attackers try first; replace it with a 256-bit key from crypto.randomBytes(32), kept out of the code.',
    publiclyKnown:
      'JWT key {{key}} used by {{sink}} is on the public list of leaked JWT secrets, so it is compromised whatever its length; replace it with a 256-bit key from crypto.randomBytes(32), kept out of the code.',
    lowEntropy:
      'JWT key {{key}} used by {{sink}} has about {{bits}} bits of entropy ({{pattern}}), below the 128 bits a HMAC key needs (RFC 7515, RFC 8725); replace it with a key from crypto.randomBytes(32), kept out of the code.',
    tooShort:
      'JWT key {{key}} used by {{sink}} is {{byteLength}} bytes, shorter than the {{minimum}} bytes {{algorithm}} requires (RFC 7518 §3.2); replace it with a key from crypto.randomBytes({{minimum}}), kept out of the code.',
  },
  keywords: JWT_SINK_KEYWORDS,
  settingsKeywords: configSinkKeywords,
  create(context) {
    return {
      'CallExpression|NewExpression'(path) {
        for (const flow of keyFlowsAt(path, jwtCatalogue(context.settings))) {
          // One part of a concatenated key: its own length and entropy say nothing about the key.
          if (flow.origin.partial) continue;
          // `process.env.X || ''`: the idiom for "no default"; the libraries reject an empty key at the call.
          if (flow.origin.value === '' && (flow.origin.via === 'envFallback' || flow.origin.via === 'defaultValue')) continue;
          const { value, byteLength, encoding } = flow.origin;
          const weakness = assessKey({ value, byteLength, encoding, algorithms: flow.algorithms }, strengthChecks(context.settings));
          if (!weakness) continue;
          context.report({
            ...describe(weakness, flow.origin.byteLength, flow.sinkLabel),
            ...flowReport(flow),
          });
        }
      },
    };
  },
  scanText(context) {
    for (const candidate of findInlineKeyCallsText(context.source)) {
      const byteLength = Buffer.byteLength(candidate.value, 'utf8');
      const weakness = assessKey({ value: candidate.value, byteLength, encoding: 'utf8', algorithms: [] }, strengthChecks(context.settings));
      if (weakness) context.report({ ...describe(weakness, byteLength, candidate.sinkLabel), keyValue: candidate.value, byteLength, candidate });
    }
  },
});

/** A known or leaked key is worse than a short random one: it is in every attacker's first wordlist. */
function describe(weakness: Weakness, byteLength: number, sink: string): { messageId: MessageId; data: Record<string, string | number>; level: Level } {
  switch (weakness.reason) {
    case 'empty':
      return { messageId: 'emptyKey', data: { sink }, level: 'warning' };
    case 'knownDefault':
      return { messageId: 'knownDefault', data: { sink }, level: 'error' };
    case 'publiclyKnown':
      return { messageId: 'publiclyKnown', data: { sink }, level: 'error' };
    case 'lowEntropy':
      return { messageId: 'lowEntropy', data: { sink, bits: weakness.bits, pattern: weakness.pattern }, level: 'warning' };
    case 'tooShort':
      return { messageId: 'tooShort', data: { sink, byteLength, minimum: weakness.minimum, algorithm: weakness.algorithm }, level: 'warning' };
  }
}
