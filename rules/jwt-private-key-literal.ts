import type { Node } from '@babel/types';
import { keyFlowsAt } from '../src/analysis/key-flows.js';
import { findPemPrivateKey, privateJwkD } from '../src/analysis/private-key.js';
import { staticString } from '../src/analysis/static-string.js';
import { defineRule } from '../src/rule.js';
import { jwtCatalogue } from './data/jwt-sinks.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId = 'privateKeyAtSink' | 'privateKeyLiteral' | 'privateJwkLiteral';

export const jwtPrivateKeyLiteral = defineRule<MessageId>({
  id: 'jwt-private-key-literal',
  name: 'PrivateKeyLiteral',
  shortDescription: 'Private signing key written in the source',
  fullDescription:
    'A PEM private key or a private JWK (with its "d" member) is written in JavaScript or TypeScript source. For RS*, PS*, ES* and EdDSA tokens the private key is as secret as an HMAC key: whoever holds it can sign any token.',
  help: `## Why it matters
Asymmetric JWT algorithms (RS256, PS256, ES256, EdDSA) let verifiers use a public key, but the
private key signs, and it is exactly as secret as an HMAC key: with it anyone can mint tokens every
verifier accepts. A PEM block or a JWK with a \`d\` member in the code is readable by everyone with
access to the repository, its history and its build artefacts. The finding is an error when the key
reaches a JWT signing call, a warning otherwise (it is still a private key in the source).

## How to fix
Keep private keys in a secrets manager or a KMS/HSM that signs without releasing them; otherwise
load them at run time from a file outside the repository or an environment variable. Then rotate the
committed key and publish the new public key (JWKS).

Incorrect:
\`\`\`js
const jwt = require('jsonwebtoken');
const privateKey = '-----BEGIN PRIVATE KEY-----\\nMC4CAQAwBQYDK2VwBCIEIHcHbQpzGKV9PBbBclGyZkXfTC+H68CZKrF3+6UduSwq\\n-----END PRIVATE KEY-----\\n';
const token = jwt.sign({ sub: 'u1' }, privateKey, { algorithm: 'EdDSA' });
\`\`\`

Correct:
\`\`\`js
const fs = require('fs');
const jwt = require('jsonwebtoken');
const privateKey = fs.readFileSync(process.env.JWT_PRIVATE_KEY_PATH);
const token = jwt.sign({ sub: 'u1' }, privateKey, { algorithm: 'EdDSA' });
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
Keys generated only for tests and never trusted by any deployed verifier; generating them at test
start (\`crypto.generateKeyPairSync\`) avoids the finding altogether. Public keys and certificates are
never reported.

## References
- [OWASP Secrets Management Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html)
- [RFC 7517: JSON Web Key (private key members)](https://www.rfc-editor.org/rfc/rfc7517)
- [CWE-321: Use of Hard-coded Cryptographic Key](https://cwe.mitre.org/data/definitions/321.html)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
`,
  tags: ['security', 'external/cwe/cwe-321', 'external/cwe/cwe-798', 'jwt', 'secrets'],
  level: 'warning',
  securitySeverity: 8.8,
  precision: 'very-high',
  messages: {
    privateKeyAtSink: 'Hard-coded {{kind}} {{key}} signs tokens via {{sink}}; load it from a secrets manager or a file outside the repository, and rotate it.',
    privateKeyLiteral: 'Hard-coded {{kind}} {{key}} in the source; load it from a secrets manager or a file outside the repository, and rotate it.',
    privateJwkLiteral: 'Hard-coded private {{kty}} JWK (its "d" member {{key}}) in the source; keep private JWKs out of the code and rotate this one.',
  },
  // What the rule looks for, case and all: a PEM header (`-----BEGIN ... PRIVATE KEY-----`, as
  // concatenation pieces too) or a JWK's `kty` member (RFC 7517 names are case-sensitive); the words
  // alone are common (`private key` in comments, `symlinkType`, `tokTypes`).
  keywords: [],
  keywordPatterns: [/PRIVATE KEY/, /\bkty\b/],
  create(context) {
    const pems: { node: Node; value: string; kind: string }[] = [];
    const sinks = new Map<Node, { node: Node; label: string }>();
    return {
      'StringLiteral|TemplateLiteral|BinaryExpression'(p) {
        // A concatenation is judged once, as a whole, at its outermost `+`.
        if (p.parent.type === 'BinaryExpression' && p.parent.operator === '+') return;
        const value = staticString(p.node);
        const pem = value === undefined ? undefined : findPemPrivateKey(value);
        if (pem && value !== undefined) pems.push({ node: p.node, value, kind: pem.kind.replace('PRIVATE KEY', 'private key').replace('ENCRYPTED', 'encrypted').replace('OPENSSH', 'OpenSSH') });
      },
      ObjectExpression(p) {
        const jwk = privateJwkD(p.node);
        if (jwk) context.report({ messageId: 'privateJwkLiteral', data: { kty: jwk.kty }, keyNode: jwk.node, keyValue: jwk.value, level: 'warning' });
      },
      'CallExpression|NewExpression'(p) {
        for (const flow of keyFlowsAt(p, jwtCatalogue(context.settings))) sinks.set(flow.origin.node, { node: flow.callNode, label: flow.sinkLabel });
      },
      Program: {
        exit() {
          for (const pem of pems) {
            const sink = sinks.get(pem.node);
            const base = { data: { kind: pem.kind, sink: sink?.label ?? '' }, keyNode: pem.node, keyValue: pem.value };
            if (sink) context.report({ ...base, messageId: 'privateKeyAtSink', level: 'error', sinkNode: sink.node, sinkLabel: sink.label });
            else context.report({ ...base, messageId: 'privateKeyLiteral', level: 'warning' });
          }
        },
      },
    };
  },
});
