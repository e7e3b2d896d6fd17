/** The Quick start's example app: every planted leak reported, once, and nothing in the correct usages. */
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, scanPaths } from './helpers/scan-helpers.js';

it('reports exactly the planted leaks of examples/vulnerable-app', async () => {
  const result = await scanPaths([path.join(ROOT, 'examples/vulnerable-app')]);
  const found = result.findings.map((f) => `${f.file.replace('examples/vulnerable-app/', '')}:${f.region.start.line} ${f.level} ${(f.problems ?? []).join('+')}`);
  // One finding per key, at the level users see; scanned as a project of its own, its spec file is test code.
  expect(found).toEqual([
    '.env:4 error jwt-config-secret',
    'admin/auth/auth.controller.spec.ts:6 note jwt-hardcoded-token',
    'admin/auth/auth.module.ts:8 error jwt-hardcoded-secret',
    'admin/auth/jwt.strategy.ts:23 error jwt-hardcoded-secret',
    'admin/config/links.config.ts:4 error jwt-hardcoded-secret',
    'api/config/passport.js:9 error jwt-hardcoded-secret',
    'api/middleware/requireAuth.js:5 error jwt-hardcoded-secret+jwt-weak-secret',
    'api/routes/auth.js:85 error jwt-inline-secret',
    'api/routes/auth.js:98 error jwt-inline-secret',
    'api/server.js:51 error jwt-hardcoded-secret+jwt-weak-secret',
    'api/services/tokens.js:11 error jwt-hardcoded-secret+jwt-weak-secret',
    'config/default.json:3 error jwt-config-secret',
  ]);
  expect(result.findings[1]!.messageId).toBe('provenWeakToken');
  expect(result.diagnostics).toEqual([]);
});

it('reports a key imported from another module once, where it is written, with both calls and the path', async () => {
  const result = await scanPaths([path.join(ROOT, 'examples/vulnerable-app')]);
  const finding = result.findings.find((f) => f.file.endsWith('admin/config/links.config.ts'))!;
  const controller = 'examples/vulnerable-app/admin/invitations/invitations.controller.ts';
  expect(finding.related.map((r) => `${r.file}:${r.region.start.line} ${r.label}`)).toEqual([
    `${controller}:23 @nestjs/jwt.JwtService#signAsync`,
    `${controller}:33 @nestjs/jwt.JwtService#verifyAsync`,
  ]);
  expect(finding.flow?.map((s) => `${s.file.split('/').pop()}:${s.region.start.line} ${s.label}`)).toEqual([
    'links.config.ts:4 key literal',
    'invitations.controller.ts:4 imported from "../config/links.config"',
    'invitations.controller.ts:25 property linkSigning.secret',
    'invitations.controller.ts:23 key of @nestjs/jwt.JwtService#signAsync',
  ]);
  expect(finding.message).toContain('Flow: key literal (line 4) → imported from');
});

it('links the committed .env value to the code that reads it into both JWT calls, with the flow', async () => {
  const result = await scanPaths([path.join(ROOT, 'examples/vulnerable-app')]);
  const finding = result.findings.find((f) => f.file === 'examples/vulnerable-app/.env')!;
  expect(finding).toMatchObject({ ruleId: 'jwt-config-secret', messageId: 'linkedKey', level: 'error' });
  expect(finding.message).toContain('shorter than the 32 bytes HS256 requires');
  expect(finding.related.map((r) => `${r.file?.split('/').pop()}:${r.region.start.line} ${r.label}`)).toEqual([
    'invitations.module.ts:8 @nestjs/jwt.JwtModule.registerAsync',
    'requireAuth.js:15 jsonwebtoken.verify',
    'tokens.js:18 jsonwebtoken.sign',
  ]);
  expect(finding.flow?.map((s) => `${s.file.split('/').pop()}:${s.region.start.line} ${s.label}`)).toEqual([
    '.env:4 JWT_SECRET in .env',
    "invitations.module.ts:12 get('JWT_SECRET')",
    'invitations.module.ts:12 const secret',
    'invitations.module.ts:8 key of @nestjs/jwt.JwtModule.registerAsync',
  ]);
});
