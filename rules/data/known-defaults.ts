/**
 * Publicly documented default and placeholder JWT secrets: a key equal to one of these (after
 * normalisation: case, separators, trailing digits) is known to attackers whatever its length.
 * Sources: ../shared/reference/key-strength.md §4 and jwt-libraries.md §6 (library READMEs,
 * jwt.io defaults, framework tutorials). The broader public lists arrive with the key-strength issue.
 */
export const KNOWN_DEFAULT_SECRETS: readonly string[] = [
  // library READMEs and docs
  'shhhhh', // jsonwebtoken README
  'shhhhhhared-secret', // express-jwt README
  'shared-secret', // koa-jwt README
  'supersecret', // @fastify/jwt README
  'NeverShareYourSecret', // hapi-auth-jwt2 README
  'YourSuperLongKeyHere', // hapi-auth-jwt2 README
  'some_shared_secret', // @hapi/jwt API.md
  'it-is-very-secret', // hono JSDoc
  'MY_SECRETS', // @elysiajs/jwt README
  'secretKey', // NestJS docs
  'DO NOT USE THIS VALUE. INSTEAD, CREATE A COMPLEX SECRET AND KEEP IT SAFE OUTSIDE OF THE SOURCE CODE.', // NestJS docs
  'your-256-bit-secret', // jwt.io HS256 default
  'a-string-secret-at-least-256-bits-long', // jwt.io current default
  'keyboard cat', // Express/Connect README example
  // dictionary words and placeholders
  'secret',
  'jwtsecret',
  'jwt-secret',
  'mysecret',
  'mysecretkey',
  'supersecretkey',
  'topsecret',
  'password',
  'changeme',
  'change-me',
  'change_this',
  'changethis',
  'replace-me',
  'your-secret',
  'your-secret-key',
  'your_jwt_secret',
  'yourjwtsecret',
  'default-secret',
  'dev-secret',
  'test-secret',
  'super-secret-key',
  'placeholder',
  'dummy',
  'example',
  'todo',
  'xxx',
  'xxxx',
  'key',
  'jwt',
  'token',
  'admin',
  'test',
  '123456',
  'your-secret-key-change-in-production',
  'change-me-in-production',
];
