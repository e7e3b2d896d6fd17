/**
 * Node built-ins that not every run needs, loaded on first use instead of at start-up. On a small
 * machine loading node:crypto costs ~3.5 ms (17 internal modules), zlib ~1 ms, v8 ~0.8 ms and os
 * ~0.4 ms: every CLI start paid ~6 ms for them before doing anything, a pre-commit run before it
 * could start git. (The name `loadBuiltin`, not `require`, keeps esbuild from treating the calls
 * as the bundle's own requires.)
 */
import { createRequire } from 'node:module';
import type * as Crypto from 'node:crypto';
import type * as Os from 'node:os';
import type * as V8 from 'node:v8';
import type * as Vm from 'node:vm';
import type * as Zlib from 'node:zlib';

const loadBuiltin = createRequire(import.meta.url);

function onFirstUse<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= loadBuiltin(id) as T);
}

export const builtins = {
  crypto: onFirstUse<typeof Crypto>('node:crypto'),
  os: onFirstUse<typeof Os>('node:os'),
  v8: onFirstUse<typeof V8>('node:v8'),
  vm: onFirstUse<typeof Vm>('node:vm'),
  zlib: onFirstUse<typeof Zlib>('node:zlib'),
};

/** node:crypto's `createHash`, loading the module on the first call. */
export function createHash(algorithm: string): Crypto.Hash {
  return builtins.crypto().createHash(algorithm);
}
