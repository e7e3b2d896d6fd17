import type { Node } from '@babel/types';
import { keyFlowsAt } from '../src/analysis/key-flows.js';
import { findSigningKey, findTokens, isHmacToken, TOKEN_IN_TEXT, type FoundToken } from '../src/analysis/jwt-token.js';
import { regionMap } from '../src/analysis/text-calls.js';
import { createHash } from '../src/util/builtins.js';
import { defineRule, type Level, type RuleMemo } from '../src/rule.js';
import { configSinkKeywords, jwtCatalogue, JWT_SINK_KEYWORDS } from './data/jwt-sinks.js';
import { KNOWN_DEFAULT_SECRETS } from './data/known-defaults.js';
import { publicSecrets, publicSecretsForHs256 } from './data/public-secrets.js';
import { ROTATION_CHECKLIST } from './data/rotation.js';

type MessageId = 'provenWeakToken' | 'unsignedToken' | 'hardcodedToken' | 'expiredToken';

/**
 * Checking one token against the 103,979 public secrets costs about 0.1 s for HS256 (after 0.15 s of preparation
 * once per process) and 0.3 s for HS384/512, so only the first few
 * distinct HS* tokens of a scan that no repository key proves get that check, in file order.
 */
const PUBLIC_LIST_TOKENS_PER_SCAN = 4;
/** Upper bound on HMAC computations against repository keys in the cross-file step (~6 µs each). */
const CROSS_FILE_HMAC_BUDGET = 200_000;

type Shared = { kind: 'key'; value: string; line: number } | { kind: 'token'; tokens: FoundToken[] };

interface Verdict {
  messageId: MessageId;
  level: Level;
  data: Record<string, string | number>;
  rank: number;
}

export const jwtHardcodedToken = defineRule<MessageId>({
  id: 'jwt-hardcoded-token',
  name: 'HardcodedJwtToken',
  shortDescription: 'Hard-coded JSON Web Token',
  fullDescription:
    'A string in the source contains a complete JWT. A live token is a credential; an HS* token also lets anyone test candidate keys offline, and jwtscan proves it when the token verifies with a known or hard-coded key.',
  help: `## Why it matters
A JWT written into the code is a bearer credential for as long as it is valid: whoever reads the
repository can replay it. Worse, an HMAC-signed token (HS256/384/512) is an offline oracle for its
signing key: anyone can try candidate keys against it at millions per second. jwtscan does the same
check, offline and bounded: when the token verifies with a well-known default key, a key on the public
list of leaked JWT secrets, or a key hard-coded in the same file, the finding says so, and that key
must be treated as public. Tokens with \`"alg": "none"\` carry no signature at all.

## How to fix
Mint test tokens at test time with a key generated for the test, and never commit tokens taken from
a real environment. If the token (or the key it verifies with) was ever valid in a deployed service,
revoke it and rotate the key.

Incorrect:
\`\`\`js
const adminToken = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiJ9.PGnRccPTXeaxA8nzfytWewWRkizJa_ihI_3H6ec-Zbw';
\`\`\`

Correct:
\`\`\`js
const jwt = require('jsonwebtoken');
const testKey = require('crypto').randomBytes(32);
const adminToken = jwt.sign({ sub: 'admin' }, testKey, { expiresIn: '5m' });
\`\`\`

${ROTATION_CHECKLIST}

## When it is not a problem / how to suppress
Documentation examples and expired test tokens signed with a throw-away key (reported at level
\`note\` when expired). A token that verifies with a known key is never harmless while any service
still accepts that key.

## References
- [RFC 7515 §5.2: Message Signature or MAC Validation](https://www.rfc-editor.org/rfc/rfc7515#section-5.2)
- [RFC 8725 §3.5: Ensure Cryptographic Keys Have Sufficient Entropy](https://www.rfc-editor.org/rfc/rfc8725#section-3.5)
- [OWASP JSON Web Token Cheat Sheet](https://cheatsheetseries.owasp.org/cheatsheets/JSON_Web_Token_Cheat_Sheet.html)
- [CWE-798: Use of Hard-coded Credentials](https://cwe.mitre.org/data/definitions/798.html)
`,
  tags: ['security', 'external/cwe/cwe-798', 'external/cwe/cwe-321', 'jwt', 'secrets'],
  level: 'warning',
  securitySeverity: 7.5,
  precision: 'high',
  messages: {
    provenWeakToken:
      'Hard-coded {{alg}} JWT {{key}} verifies with {{keySource}}: anyone can forge tokens a service using that key accepts; rotate the key and remove the token.',
    unsignedToken: 'Hard-coded unsigned JWT {{key}} ("alg": "none"): a verifier that accepts it accepts any claims; remove it and make sure verifiers reject "none".',
    hardcodedToken: 'Hard-coded {{alg}} JWT {{key}}: if it was ever valid, revoke it; mint test tokens at run time with a test key instead.',
    expiredToken: 'Hard-coded expired {{alg}} JWT {{key}}; mint test tokens at run time with a test key instead of committing them.',
  },
  // A token in the text (its `eyJ`/`eyA` header and two dots, as findTokens() looks for it); files with
  // JWT sinks are read too, for the keys that prove tokens. The word `eya` alone is common in code
  // (`keyAnd...`) and in base64 data.
  keywords: JWT_SINK_KEYWORDS,
  keywordPatterns: [TOKEN_IN_TEXT],
  settingsKeywords: configSinkKeywords,
  create(context) {
    const literals: { node: Node; value: string; tokens: FoundToken[] }[] = [];
    const fileKeys = new Map<string, number>();
    const collect = (node: Node, value: string) => {
      const tokens = findTokens(value);
      if (tokens.length > 0) literals.push({ node, value, tokens });
    };
    return {
      StringLiteral(p) {
        if (p.parent.type !== 'ImportDeclaration' && p.parent.type !== 'ExportAllDeclaration') collect(p.node, p.node.value);
      },
      TemplateLiteral(p) {
        collect(p.node, p.node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('\u0000'));
      },
      'CallExpression|NewExpression'(p) {
        for (const flow of keyFlowsAt(p, jwtCatalogue(context.settings))) {
          if (!fileKeys.has(flow.origin.value)) fileKeys.set(flow.origin.value, flow.origin.node.loc?.start.line ?? 0);
        }
      },
      Program: {
        exit() {
          for (const [value, line] of fileKeys) context.share({ kind: 'key', value, line } satisfies Shared);
          for (const literal of literals) {
            const verdict = literal.tokens.map((t) => judge(t, fileKeys)).sort((a, b) => a.rank - b.rank)[0]!;
            context.report({ ...verdict, keyNode: literal.node, keyValue: literal.value });
            const unproven = literal.tokens.filter(isHmacToken);
            if (verdict.messageId !== 'provenWeakToken' && unproven.length > 0) context.share({ kind: 'token', tokens: unproven } satisfies Shared, literal.node);
          }
        },
      },
    };
  },
  // A token is proven weak by a key literal in any file: only when it holds no HMAC token to prove does a file need no others.
  supportWords(facts) {
    return facts.some((fact) => (fact.data as Shared).kind === 'token') ? undefined : [];
  },
  afterScan(context) {
    // Proofs that need the whole scan: a key literal written in another file, then the public list.
    const keys = new Map<string, string>();
    for (const fact of context.facts) {
      const data = fact.data as Shared;
      if (data.kind === 'key' && !keys.has(data.value)) keys.set(data.value, `${fact.file}:${data.line}`);
    }
    let hmacBudget = CROSS_FILE_HMAC_BUDGET;
    const listChecked = new Map<string, boolean>();
    for (const fact of context.facts) {
      const data = fact.data as Shared;
      if (data.kind !== 'token') continue;
      for (const token of data.tokens) {
        let keySource: string | undefined;
        if (keys.size > 0 && hmacBudget >= keys.size) {
          hmacBudget -= keys.size;
          const key = findSigningKey(token, keys.keys());
          if (key !== undefined) keySource = `the key hard-coded at ${keys.get(key)}`;
        }
        if (!keySource && onPublicList(token, listChecked, context.memo)) keySource = 'a key on the public list of leaked JWT secrets';
        if (keySource) {
          context.amend(fact, { messageId: 'provenWeakToken', level: 'error', data: { alg: token.alg, keySource } });
          break;
        }
      }
    }
  },
  scanText(context) {
    const regionAt = regionMap(context.source);
    for (const token of findTokens(context.source)) {
      if (regionAt(token.start) !== 'string') continue; // only literals, as in the AST pass; never comments
      const value = context.source.slice(token.start, token.end);
      const candidate = { start: token.start, end: token.end, value, sinkLabel: 'JWT string', sinkStart: token.start, sinkEnd: token.end };
      context.report({ ...judge(token, new Map()), keyValue: value, candidate });
    }
  },
});

function judge(token: FoundToken, fileKeys: ReadonlyMap<string, number>): Verdict {
  const alg = token.alg;
  if (alg.toLowerCase() === 'none') return { messageId: 'unsignedToken', level: 'warning', data: {}, rank: 1 };
  if (isHmacToken(token)) {
    const source = provenKeySource(token, fileKeys);
    if (source) return { messageId: 'provenWeakToken', level: 'error', data: { alg, keySource: source }, rank: 0 };
  }
  if (token.exp !== undefined && token.exp * 1000 < Date.now()) return { messageId: 'expiredToken', level: 'note', data: { alg }, rank: 3 };
  return { messageId: 'hardcodedToken', level: 'warning', data: { alg }, rank: 2 };
}

/** Which key of this file signs the token (or a default), described without the key. */
function provenKeySource(token: FoundToken, fileKeys: ReadonlyMap<string, number>): string | undefined {
  if (findSigningKey(token, KNOWN_DEFAULT_SECRETS) !== undefined) return 'a well-known default key';
  const fileKey = findSigningKey(token, fileKeys.keys());
  return fileKey === undefined ? undefined : `the key hard-coded at line ${fileKeys.get(fileKey)}`;
}

/** HS256 (nearly every token) goes through the prepared key set, about 3× faster than an HMAC object per key. */
function signedByPublicSecret(token: FoundToken): boolean {
  if (token.alg === 'HS256') return publicSecretsForHs256().findKey(Buffer.from(token.signingInput, 'ascii'), token.signature) >= 0;
  return findSigningKey(token, publicSecrets()) !== undefined;
}

/**
 * Bounded: the first PUBLIC_LIST_TOKENS_PER_SCAN distinct tokens; the same token is checked once,
 * and its verdict is remembered between scans under the token's digest (never the token or a key).
 */
function onPublicList(token: FoundToken, checked: Map<string, boolean>, memo: RuleMemo): boolean {
  const id = createHash('sha256').update(`public-list\0${token.signingInput}.${token.signature.toString('base64url')}`).digest('hex');
  let verdict = checked.get(id);
  if (verdict === undefined) {
    // The bound applies whether the answer is remembered or computed, so a warm scan proves exactly what a cold one does.
    if (checked.size >= PUBLIC_LIST_TOKENS_PER_SCAN) return false;
    const remembered = memo.get(id);
    verdict = remembered !== undefined ? remembered === 'yes' : signedByPublicSecret(token);
    if (remembered === undefined) memo.set(id, verdict ? 'yes' : 'no');
    checked.set(id, verdict);
  }
  return verdict;
}
