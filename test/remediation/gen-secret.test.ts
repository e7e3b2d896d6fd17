/** `jwtscan gen-secret`: sizes, formats that parse back with node:crypto and jose, and never a weak key. */
import fs from 'node:fs';
import path from 'node:path';
import { createPrivateKey, createPublicKey, createSecretKey } from 'node:crypto';
import * as jose from 'jose';
import { describe, expect, it } from 'vitest';
import { generateSecret, GenSecretError, GEN_ALGORITHMS, type GenAlgorithm } from '../../src/remediation/gen-secret.js';
import { main, type Io } from '../../src/main.js';
import { makeTree } from '../helpers/temp-tree.js';
import { scanPaths } from '../helpers/scan-helpers.js';

async function run(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, env: {}, isTTY: false };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const envValue = (text: string, name: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${name}=`))!;
  return JSON.parse(line.slice(name.length + 1).startsWith('"') ? line.slice(name.length + 1) : JSON.stringify(line.slice(name.length + 1))) as string;
};

describe('HMAC keys', () => {
  it.for([
    ['HS256', 32],
    ['HS384', 48],
    ['HS512', 64],
  ] as const)('%s: %i bytes from the CSPRNG, in every raw encoding and as a JWK jose signs with', async ([alg, bytes]) => {
    expect(Buffer.from(generateSecret({ alg, format: 'base64url' }).trim(), 'base64url')).toHaveLength(bytes);
    expect(Buffer.from(generateSecret({ alg, format: 'base64' }).trim(), 'base64')).toHaveLength(bytes);
    expect(Buffer.from(generateSecret({ alg, format: 'hex' }).trim(), 'hex')).toHaveLength(bytes);
    const env = generateSecret({ alg, format: 'env', name: 'API_JWT_SECRET' });
    expect(env).toMatch(/^API_JWT_SECRET=[A-Za-z0-9_-]+\n$/);
    expect(createSecretKey(Buffer.from(envValue(env, 'API_JWT_SECRET'), 'base64url')).symmetricKeySize).toBe(bytes);
    const jwk = JSON.parse(generateSecret({ alg, format: 'jwk' })) as jose.JWK;
    const key = await jose.importJWK(jwk, alg);
    const token = await new jose.SignJWT({ sub: 'u' }).setProtectedHeader({ alg }).sign(key);
    expect((await jose.jwtVerify(token, key)).payload.sub).toBe('u');
  });

  it('never gives the same key twice, and has no PEM form', () => {
    expect(generateSecret({ alg: 'HS256', format: 'env' })).not.toBe(generateSecret({ alg: 'HS256', format: 'env' }));
    expect(() => generateSecret({ alg: 'HS256', format: 'pem' })).toThrow(GenSecretError);
  });
});

describe('key pairs', () => {
  const details: Record<string, (k: ReturnType<typeof createPrivateKey>) => unknown> = {
    rsa: (k) => k.asymmetricKeyDetails?.modulusLength,
    ec: (k) => k.asymmetricKeyDetails?.namedCurve,
    ed25519: () => 'ed25519',
  };
  it.for([
    ['RS256', 'rsa', 2048],
    ['RS384', 'rsa', 3072],
    ['RS512', 'rsa', 3072],
    ['PS256', 'rsa', 3072],
    ['ES256', 'ec', 'prime256v1'],
    ['ES384', 'ec', 'secp384r1'],
    ['ES512', 'ec', 'secp521r1'],
    ['EdDSA', 'ed25519', 'ed25519'],
  ] as const)('%s: a %s key (%s) as PEM, JWK and env lines, each usable by jose', async ([alg, type, detail]) => {
    const pem = generateSecret({ alg, format: 'pem' });
    const [privatePem, publicPem] = pem.split(/(?<=-----END PRIVATE KEY-----\n)/);
    const privateKey = createPrivateKey(privatePem!);
    expect(privateKey.asymmetricKeyType).toBe(type);
    expect(details[type]!(privateKey)).toBe(detail);
    expect(createPublicKey(publicPem!).asymmetricKeyType).toBe(type);
    const token = await new jose.SignJWT({}).setProtectedHeader({ alg }).sign(await jose.importPKCS8(privatePem!, alg));
    await jose.jwtVerify(token, await jose.importSPKI(publicPem!, alg));

    const jwks = JSON.parse(generateSecret({ alg, format: 'jwk' })) as { privateKey: jose.JWK; publicKey: jose.JWK };
    expect(jwks.publicKey.d).toBeUndefined();
    const signed = await new jose.SignJWT({}).setProtectedHeader({ alg }).sign(await jose.importJWK(jwks.privateKey, alg));
    await jose.jwtVerify(signed, await jose.importJWK(jwks.publicKey, alg));

    const env = generateSecret({ alg, format: 'env' });
    expect(createPrivateKey(envValue(env, 'JWT_PRIVATE_KEY')).asymmetricKeyType).toBe(type);
    expect(createPublicKey(envValue(env, 'JWT_PUBLIC_KEY')).asymmetricKeyType).toBe(type);
    expect(() => generateSecret({ alg, format: 'hex' })).toThrow(GenSecretError);
  });
});

describe('jwtscan gen-secret', () => {
  it('prints to stdout only, and a key it makes is never called weak', async () => {
    const root = makeTree({});
    const { code, stdout } = await run(['gen-secret'], root);
    expect(code).toBe(0);
    expect(fs.readdirSync(root)).toEqual([]);
    const value = envValue(stdout, 'JWT_SECRET');
    fs.writeFileSync(path.join(root, 'a.js'), `const jwt = require('jsonwebtoken');\nexports.t = (p) => jwt.sign(p, '${value}');\n`);
    const result = await scanPaths([root], { cwd: root });
    expect(result.findings.map((f) => f.problems ?? [f.ruleId])).toEqual([['jwt-inline-secret']]);
  });

  it('writes --output as a new 0600 file and never overwrites one', async () => {
    const root = makeTree({ 'taken.key': 'keep me' });
    const made = await run(['gen-secret', '--alg', 'ES256', '--format', 'pem', '--output', 'new.pem'], root);
    expect(made.code).toBe(0);
    expect(made.stdout).toBe('');
    expect(fs.statSync(path.join(root, 'new.pem')).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(root, 'new.pem'), 'utf8')).toContain('BEGIN PRIVATE KEY');
    const refused = await run(['gen-secret', '--output', 'taken.key'], root);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('never overwrites');
    expect(fs.readFileSync(path.join(root, 'taken.key'), 'utf8')).toBe('keep me');
  });

  it('refuses a format the algorithm has not and a name that is no variable name, with exit 2', async () => {
    const root = makeTree({});
    expect((await run(['gen-secret', '--alg', 'HS512', '--format', 'pem'], root)).code).toBe(2);
    expect((await run(['gen-secret', '--name', 'not a name'], root)).code).toBe(2);
    expect(GEN_ALGORITHMS).toContain('EdDSA' satisfies GenAlgorithm);
  });
});
