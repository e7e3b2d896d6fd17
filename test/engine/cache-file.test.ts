import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCacheFile } from '../../src/cache/cache-file.js';

describe('a cache file', () => {
  it('is written whole, leaves no temporary file, and is written after its folder was removed', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'jwtscan-cache-file-'));
    const file = path.join(root, 'v1', 'ab', 'entry.json');
    writeCacheFile(file, '{"a":1}');
    writeCacheFile(file, '{"a":2}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":2}');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['entry.json']);
    // The cache cleared between two scans of one process: the folder, remembered as made, is gone.
    fs.rmSync(path.join(root, 'v1'), { recursive: true });
    writeCacheFile(file, '{"a":3}');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":3}');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['entry.json']);
    // Any other failure is the caller's to handle ("not cached").
    expect(() => writeCacheFile(path.join(file, 'below-a-file.json'), '{}')).toThrow();
    fs.rmSync(root, { recursive: true, force: true });
  });
});
