import { flowReport, keyFlowsAt } from '../src/analysis/key-flows.js';
import { findInlineKeyCallsText } from '../src/analysis/text-calls.js';
import { defineRule } from '../src/rule.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

export const jwtInlineSecret = defineRule({
  id: 'jwt-inline-secret',
  name: 'InlineJwtSecret',
  shortDescription: 'JWT signing key written into the sign or verify call',
  fullDescription:
    'A string literal is passed directly as the key argument of a JWT sign or verify call. Anyone who can read the repository can forge tokens the service accepts.',
  help: `## Why it matters
The key that signs and verifies JSON Web Tokens is written into the call itself. Everyone with read
access to the repository, its forks, its CI logs and every copy of its history can mint tokens with any
claims (\`admin: true\`, another user's \`sub\`) that the service will accept. Removing the line later
does not help: the key stays in git history until it is rotated.

## How to fix
Generate a strong key once (\`npx jwtscan gen-secret\` prints \`JWT_SECRET=<32 random bytes>\`; \`--alg\` for other algorithms),
store it in an environment variable or a secrets manager, read it at start-up and fail fast when it is
missing. Then rotate the key that was committed.

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const token = jwt.sign({ sub: user.id }, 'dev-signing-key-123');
\`\`\`

Correct:
\`\`\`js
const jwt = require('jsonwebtoken');
const key = process.env.JWT_SECRET;
if (!key) throw new Error('JWT_SECRET is not set');
const token = jwt.sign({ sub: user.id }, key);
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
Test code that signs throw-away tokens with a key that no deployed service trusts. Prefer a key
generated at test start (\`crypto.randomBytes(32)\`); otherwise exclude the test directory.

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
  precision: 'very-high',
  messages: {
    inlineKey: 'Hard-coded JWT key {{key}} written into the {{sink}} call; load it from the environment or a secrets manager and rotate it.',
  },
  keywords: JWT_SINK_KEYWORDS,
  settingsKeywords: configSinkKeywords,
  create(context) {
    return {
      'CallExpression|NewExpression'(path) {
        for (const flow of keyFlowsAt(path, jwtCatalogue(context.settings))) {
          if (flow.site.position !== 'argument' || flow.origin.via !== 'inline' || flow.wrapper) continue;
          context.report({
            messageId: 'inlineKey',
            data: { sink: flow.sinkLabel },
            ...flowReport(flow),
          });
        }
      },
    };
  },
  scanText(context) {
    for (const candidate of findInlineKeyCallsText(context.source)) {
      context.report({ messageId: 'inlineKey', data: { sink: candidate.sinkLabel }, keyValue: candidate.value, candidate });
    }
  },
});
