// Regenerates rules/data/secret-words.ts: a curated list of English words common in human-chosen
// secrets, plus the words that occur at least 8 times in the public JWT secrets list (MIT, see
// rules/data/known-jwt-secrets/). Used by the entropy estimator to recognise passphrases.
import fs from 'node:fs';
import zlib from 'node:zlib';

const CURATED = `
a an the my your our their this that these it is are was be to of in on at by for with from as or and not no
so up we me us you he she they all any some one two three four five six ten new old big long short strong weak
very really super ultra mega hyper extra top best most more less just only still also even again never ever
secret secrets key keys token tokens jwt jws jwe auth authentication authorization access refresh session signing
sign signature verify verification private public shared master root admin user users password passwd pass
pwd passphrase login app application api service server backend frontend client web site dev develop development
prod production staging stage test testing local localhost default example sample demo dummy fake mock temp tmp
change changeme replace please enter here there what which who why how when where should must need needs
make made keep kept safe secure security insecure unsafe hard guess easy simple random generate generated
value values string text data config configuration setting settings env environment variable var
company project team product system platform cloud node express nest nestjs next react angular vue django
spring rails laravel hello world welcome love life good great nice cool awesome happy lucky magic power
enough that this long longer longest minimum least bits bit byte bytes hash hmac sha sha256 hs256 rsa
game gaming home house money bank shop store market mail email phone mobile chat social news blog
`;

const list = zlib.gunzipSync(fs.readFileSync('rules/data/known-jwt-secrets/jwt.secrets.list.gz')).toString('utf8').split('\n');
const freq = new Map();
for (const line of list) {
  for (const t of line.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z]+/)) {
    if (t.length >= 4 && t.length <= 14 && /[aeiouy]/.test(t) && !/^[a-f]+$/.test(t)) freq.set(t, (freq.get(t) ?? 0) + 1);
  }
}
const derived = [...freq].filter(([, n]) => n >= 8).map(([w]) => w);
const words = [...new Set([...CURATED.split(/\s+/).filter(Boolean), ...derived])].sort();
const body = words.join(' ').replace(/(.{1,100})(\s|$)/g, '  $1\n');
fs.writeFileSync(
  'rules/data/secret-words.ts',
  `/**
 * Words people build secrets from: a curated English list plus every word that occurs at least 8
 * times in the public JWT secrets list (wallarm/jwt-secrets, MIT; see known-jwt-secrets/). Generated
 * by scripts/derive-secret-words.mjs; do not edit by hand.
 */
export const SECRET_WORDS: readonly string[] = \`
${body}\`
  .split(/\\s+/)
  .filter(Boolean);
`,
);
console.log(`${words.length} words`);
