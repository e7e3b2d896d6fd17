import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import type { AnyRule } from '../../src/rule.js';
import { keywordScreen, keywordScreenSpec, rulesForSource } from '../../src/engine/prefilter.js';

const ids = (source: string, rules: readonly AnyRule[] = RULES) => rulesForSource(source, rules).map((r) => r.id).sort();
const stub = (id: string, keywords: string[], keywordPatterns?: RegExp[]): AnyRule => ({ ...RULES[0]!, id, keywords, keywordPatterns });

describe('keyword check', () => {
  it('words that only mention a keyword do not make a file a candidate of the rules with fitted patterns', () => {
    // `symlinkType` holds "kty", `requeueComputedKeyAndDecorators` holds "eyA", a comment says "private key".
    expect(ids('const symlinkType = requeueComputedKeyAndDecorators(); // the private key is elsewhere')).toEqual([]);
  });

  it('a JWK member, a PEM header and a token in the text are candidates', () => {
    expect(ids('const k = { kty: "RSA", d: x };')).toEqual(['jwt-private-key-literal']);
    expect(ids('const pem = "-----BEGIN RSA PRIVATE KEY-----\\n";')).toEqual(['jwt-private-key-literal']);
    expect(ids("const t = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln';")).toEqual(['jwt-hardcoded-token']);
  });

  it('sees every keyword present, overlapping ones and ones inside longer ones included', () => {
    const rules = [stub('a', ['abcd']), stub('b', ['cdef']), stub('c', ['bc']), stub('d', ['zzz'])];
    // "abcdef": abcd and cdef overlap, bc lies inside abcd.
    expect(ids('x abcdef y', rules)).toEqual(['a', 'b', 'c']);
    expect(ids('x ABCD y', rules)).toEqual(['a', 'c']);
  });

  it('stops looking once every rule with keywords has one, and not before', () => {
    const rules = [stub('a', ['jwt']), stub('b', ['jose', 'jws']), stub('p', [], [/PRIVATE KEY/])];
    // The first keywords satisfy both rules: the rest of the text can change nothing.
    expect(ids(`jwt jose ${'jwt '.repeat(1000)}PRIVATE KEY`, rules)).toEqual(['a', 'b', 'p']);
    // Rule b's only keyword comes after a thousand of rule a's: still seen.
    expect(ids(`${'jwt '.repeat(1000)}jws`, rules)).toEqual(['a', 'b']);
    expect(ids(`${'jwt '.repeat(1000)}`, rules)).toEqual(['a']);
  });

  it('an empty keyword matches every file; a pattern is case-sensitive', () => {
    const rules = [stub('all', ['']), stub('pem', [], [/PRIVATE KEY/g])];
    expect(ids('nothing here', rules)).toEqual(['all']);
    expect(ids('private key', rules)).toEqual(['all']);
    // A global pattern given by a rule must not carry lastIndex from one file to the next.
    expect(ids('PRIVATE KEY', rules)).toEqual(['all', 'pem']);
    expect(ids('PRIVATE KEY', rules)).toEqual(['all', 'pem']);
  });

  it('a file of nothing but comments is no candidate, whatever they say; a comment beside code counts', () => {
    const doc = '/**\n * @oas [post] /auth/token\n * security:\n *   - jwt_token: []\n */\n// express-session, jsonwebtoken\n';
    expect(ids(doc)).toEqual([]);
    // "JWT" in a comment above a config object: the object is analysed (a key written there may be read as a JWT key elsewhere).
    expect(ids(`${doc}export const defaults = { auth: { secret: value } };\n`)).toContain('jwt-hardcoded-secret');
    // Patterns still apply (the rules themselves never report comments).
    expect(ids('// eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\n')).toEqual(['jwt-hardcoded-token']);
    // A window of a larger file (the streaming text pass) may be comments of code outside it: its keywords count.
    expect(rulesForSource(doc, RULES, undefined, true).map((r) => r.id)).toContain('jwt-hardcoded-secret');
    // An empty keyword still matches every file.
    expect(ids(doc, [stub('all', [''])])).toEqual(['all']);
  });

  it('a keyword inside encoded data does not count; one beside it does', () => {
    // Base64 whose case-insensitive "jwt" and "jose" fall mid-run, as in an embedded image.
    const blob = (length: number) => 'QUJD'.repeat(length).slice(0, length);
    // A run of exactly `run` characters with `word` in its middle.
    const at = (run: number, word: string) => blob(Math.floor(run / 2)) + word + blob(run - Math.floor(run / 2) - word.length);
    const image = (run: number) => `export const icon = 'data:image/png;base64,${at(run, 'JwT')}';\n`;
    expect(ids(image(256))).toEqual([]);
    expect(ids(image(4096))).toEqual([]);
    // One character short of a run: a long name, not data.
    expect(ids(image(255))).toContain('jwt-hardcoded-secret');
    // The run is measured both ways from the keyword, to the start and the end of the text.
    expect(ids(at(256, 'jwt'))).toEqual([]);
    expect(ids(`jwt${blob(253)}`)).toEqual([]);
    expect(ids(`jwt${blob(252)}`)).toContain('jwt-secret-by-name');
    // "-", "_", "." and quotes end a run: names and specifiers are never inside one.
    expect(ids(`const a = '${blob(200)}_jwt_${blob(200)}';`)).toContain('jwt-secret-by-name');
    expect(ids(`${image(4096)}const jwtSecret = process.env.JWT_SECRET;\n`)).toContain('jwt-secret-by-name');
    // Per rule: a rule whose only keyword is inside data is no candidate though another rule's is present.
    const rules = [stub('a', ['jwt']), stub('b', ['jose'])];
    expect(ids(`jwt; '${at(300, 'jose')}'`, rules)).toEqual(['a']);
    expect(ids(`'${at(300, 'jose')}'; jose`, rules)).toEqual(['b']);
  });

  it("the screening thread's test agrees with the rules' test", () => {
    const screen = keywordScreen(keywordScreenSpec(RULES));
    const parts = ['/** jwt */\n', '// jose\n', 'x(); // jws\n', "const s = 'jsonwebtoken';\n", '{ kty: "RSA" }\n', 'plain();\n', `x = '${'QUJD'.repeat(40)}jWt${'QUJD'.repeat(40)}';\n`, "// eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\n", '\n'];
    let cases = 0;
    for (const a of parts) for (const b of parts) for (const c of parts) {
      const source = a + b + c;
      expect(screen(source), JSON.stringify(source)).toBe(rulesForSource(source, RULES).length > 0);
      cases++;
    }
    expect(cases).toBe(parts.length ** 3);
    expect(keywordScreen(keywordScreenSpec([stub('all', [''])]))('/* nothing */')).toBe(true);
  });
});

