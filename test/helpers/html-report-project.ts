/**
 * A small project with a finding of every rule (a cross-file flow, a test-code finding, a weak key,
 * a token, a private key, a config file, a key found by its name) and hostile names: a file named
 * like markup and an object key holding `</script>`. `keys` lists every key literal, for leak checks.
 */
import { generateKeyPairSync } from 'node:crypto';

const CROSS_FILE_KEY = 'html-report-xfile-Zq7wXe3RcV9bNm1LkJ';
const TEST_KEY = 'html-report-testkey-Hg6fDs2AqW8eRt4Yu';
const MARKUP_KEY = 'html-report-markup-Pn4Bv7Cx0Zl3Kj6Hg9';
const SCRIPT_KEY = 'html-report-script-Mq7Wn2Er5Ty8Ui1Op4';
const ENV_KEY = 'html-report-dotenv-Tr6Yu9Io2Pa5Sd8Fg1';
const NAMED_KEY = 'html-report-named-Lz5Xc7Vb9Nm1Qw3Er5';
const WEAK_KEY = 'secret';
/** A fixture JWT (from test/fixtures/rules/jwt-hardcoded-token/Dashboard.tsx): its payload names no real user. */
const TOKEN =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmaXh0dXJlLXVzZXItMDAyNyIsImlzcyI6Imh0dHBzOi8vYXV0aC5leGFtcGxlLnRlc3QiLCJhdWQiOiJqd3RzY2FuLWZpeHR1cmVzIiwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQxMDI0NDQ4MDAsImp0aSI6IkdxaGhGeWE4UFRjTiIsInJvbGUiOiJkZW1vIn0.agz-iPlfZ4YoLY7LuD5cFl9Btj2nSp8A5g1X7xwDt9Q';

export const MARKUP_FILE = 'src/<img src=x onerror=alert(1)>.js';
export const SCRIPT_PROPERTY = '</script><script>alert(2)</script>';

export function htmlReportProject(): { files: Record<string, string>; keys: string[] } {
  // A throw-away EC key made for this run: its PEM body must not reach the report.
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const pemBody = pem.split('\n').filter((line) => line && !line.startsWith('-----'));
  const files: Record<string, string> = {
    'src/config.js': `module.exports = { JWT_SECRET: '${CROSS_FILE_KEY}' };\n`,
    'src/auth.js': `const jwt = require('jsonwebtoken');\nconst { JWT_SECRET } = require('./config');\nexports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET);\n`,
    'src/weak.js': `const jwt = require('jsonwebtoken');\nexports.t = () => jwt.sign({}, '${WEAK_KEY}');\n`,
    [MARKUP_FILE]: `const jwt = require('jsonwebtoken');\nexports.t = () => jwt.sign({}, '${MARKUP_KEY}');\n`,
    'src/script-key.js': `const jwt = require('jsonwebtoken');\nconst keys = { '${SCRIPT_PROPERTY}': '${SCRIPT_KEY}' };\nexports.t = () => jwt.sign({}, keys['${SCRIPT_PROPERTY}']);\n`,
    'src/token.js': `export const DEMO_TOKEN = '${TOKEN}';\n`,
    'src/signer.js': `const jwt = require('jsonwebtoken');\nconst PRIVATE_KEY = \`${pem.trimEnd()}\`;\nexports.t = () => jwt.sign({}, PRIVATE_KEY, { algorithm: 'ES256' });\n`,
    'src/settings.ts': `const DEFAULT_SECRET = '${NAMED_KEY}';\nexport default { http: { jwtSecret: process.env.JWT_SECRET || DEFAULT_SECRET } };\n`,
    '.env': `JWT_SECRET=${ENV_KEY}\n`,
    'src/from-env.js': `const jwt = require('jsonwebtoken');\nexports.t = () => jwt.sign({}, process.env.JWT_SECRET);\n`,
    'test/auth.test.js': `const jwt = require('jsonwebtoken');\nexports.t = jwt.sign({}, '${TEST_KEY}');\n`,
  };
  return { files, keys: [CROSS_FILE_KEY, TEST_KEY, MARKUP_KEY, SCRIPT_KEY, ENV_KEY, NAMED_KEY, TOKEN, ...pemBody] };
}
