import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ListedFileResolver } from '../../src/modules/listed-files.js';

const base = path.resolve('/repo');
const listed = new Set(['src/a.ts', 'src/lib/index.ts', 'src/util.js', 'shared/x.mts']);
const from = (file: string) => path.join(base, file);

describe('ListedFileResolver', () => {
  const resolver = new ListedFileResolver(base, listed);

  it('resolves relative specifiers to listed files in resolution order', () => {
    expect(resolver.resolve(from('src/b.ts'), './a')).toBe('src/a.ts');
    expect(resolver.resolve(from('src/b.ts'), './a.js')).toBe('src/a.ts'); // TypeScript's .js -> .ts
    expect(resolver.resolve(from('src/b.ts'), './lib')).toBe('src/lib/index.ts');
    expect(resolver.resolve(from('src/deep/c.ts'), '../../shared/x.mjs')).toBe('shared/x.mts');
    expect(resolver.resolve(from('src/b.ts'), './util?raw')).toBe('src/util.js');
    // Out of the base and back in by its own name, as path.resolve would take it.
    expect(resolver.resolve(from('src/b.ts'), '../../repo/src/a')).toBe('src/a.ts');
    expect(resolver.resolve(from('src/b.ts'), '../src/lib/')).toBe('src/lib/index.ts');
  });

  it('names nothing outside the listing or the base, nor a package without a mapping', () => {
    expect(resolver.resolve(from('src/b.ts'), './missing')).toBeUndefined();
    expect(resolver.resolve(from('src/b.ts'), '../../outside')).toBeUndefined();
    expect(resolver.resolve(from('src/b.ts'), 'react')).toBeUndefined();
  });
});
