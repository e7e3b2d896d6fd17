import { flowReport, keyFlowsAt, type KeyFlow } from '../src/analysis/key-flows.js';
import { defineRule } from '../src/rule.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';

type MessageId = 'optionLiteral' | 'literalViaBinding' | 'literalViaProperty' | 'envFallbackLiteral' | 'fallbackLiteral' | 'defaultValueLiteral';

export const jwtHardcodedSecret = defineRule<MessageId>({
  id: 'jwt-hardcoded-secret',
  name: 'HardcodedJwtSecret',
  shortDescription: 'Hard-coded JWT signing key',
  fullDescription:
    'A string literal in the source reaches the key of a JWT library through a variable, an object property, an options object or a fallback for a missing environment variable. Anyone who can read the repository can forge tokens the service accepts.',
  help: `## Why it matters
A literal in the code becomes the key that signs or verifies JSON Web Tokens. Whether it is written in
a constant, a config object, the options of \`express-jwt\` / \`passport-jwt\` / \`@nestjs/jwt\`, or as
a "development" fallback such as \`process.env.JWT_SECRET || 'dev-secret'\`, it ships with the code: a
deployment that forgets the variable silently runs with the public key, and anyone with read access
can forge tokens.

## How to fix
Read the key only from the environment or a secrets manager, with no literal fallback, and fail fast
at start-up when it is missing. Rotate any key that was committed: it stays in git history.

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET || 'local-dev-secret';
module.exports = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);
\`\`\`

Correct:
\`\`\`js
const jwt = require('jsonwebtoken');
const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) throw new Error('JWT_SECRET is not set');
module.exports = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);
\`\`\`

## When it is not a problem / how to suppress
Fixtures for tests that never reach a deployed service. Prefer generating the key in the test
(\`crypto.randomBytes(32)\`), or exclude the test directory from the scan.

## References
- [OWASP JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html)
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [RFC 8725: JSON Web Token Best Current Practices](https://www.rfc-editor.org/rfc/rfc8725)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
- [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
`,
  tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-321', 'jwt', 'secrets'],
  level: 'error',
  securitySeverity: 9.1,
  precision: 'high',
  messages: {
    optionLiteral: 'Hard-coded JWT key {{key}} set as option "{{property}}" of {{sink}}; load it from the environment or a secrets manager and rotate it.',
    literalViaBinding: 'Hard-coded JWT key {{key}} in "{{name}}" reaches {{sink}}; load it from the environment or a secrets manager and rotate it.',
    literalViaProperty: 'Hard-coded JWT key {{key}} in "{{name}}" reaches {{sink}}; load it from the environment or a secrets manager and rotate it.',
    envFallbackLiteral: 'Hard-coded fallback JWT key {{key}} is used by {{sink}} whenever {{name}} is unset; remove the fallback and fail at start-up instead.',
    fallbackLiteral: 'Hard-coded fallback JWT key {{key}} can reach {{sink}}; remove the literal and load the key from the environment or a secrets manager.',
    defaultValueLiteral: 'Hard-coded default JWT key {{key}} for "{{name}}" reaches {{sink}}; remove the default and load the key from the environment or a secrets manager.',
  },
  keywords: JWT_SINK_KEYWORDS,
  settingsKeywords: configSinkKeywords,
  create(context) {
    return {
      'CallExpression|NewExpression'(path) {
        for (const flow of keyFlowsAt(path, jwtCatalogue(context.settings))) {
          const messageId = messageFor(flow);
          if (!messageId) continue;
          context.report({
            messageId,
            data: { sink: flow.sinkLabel, name: flow.origin.name ?? '', property: propertyOf(flow) },
            ...flowReport(flow),
          });
        }
      },
    };
  },
});

/**
 * A literal written as a key argument is jwt-inline-secret's; everything else that resolves is ours.
 * An empty fallback (`process.env.X || ''`) holds no key material: the libraries reject an empty key,
 * and jwt-weak-secret reports that no key is configured.
 */
function messageFor(flow: KeyFlow): MessageId | undefined {
  if (flow.origin.value === '' && flow.origin.via !== 'inline' && flow.origin.via !== 'binding' && flow.origin.via !== 'property') return undefined;
  switch (flow.origin.via) {
    case 'inline':
      return flow.site.position === 'option' ? 'optionLiteral' : undefined;
    case 'binding':
      return 'literalViaBinding';
    case 'property':
      return 'literalViaProperty';
    case 'envFallback':
      return 'envFallbackLiteral';
    case 'fallback':
      return 'fallbackLiteral';
    case 'defaultValue':
      return 'defaultValueLiteral';
  }
}

function propertyOf(flow: KeyFlow): string {
  // (`assignedTo`: koa-jwt's `ctx.state.secret`, an option set per request)
  return (flow.site.key.property ?? flow.site.key.assignedTo)?.join('.') ?? '';
}
