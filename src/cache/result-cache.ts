/**
 * A content-addressed cache of per-file results, so a re-scan re-analyses only what changed. An
 * entry is keyed by the tool version, the effective settings, the file's path and its content hash,
 * and records the content hash of every module cross-file resolution read for it: a change in an
 * imported config module invalidates the files that import it.
 *
 * What is stored is what the reports show: redacted findings and diagnostics. What a file's analysis
 * kept in memory for the cross-file step (`facts.shared`, which can hold keys) is never stored: only
 * which rules shared facts there (see src/engine/after-scan.ts for how a warm scan copes), so no key
 * ever reaches the disk. Entries are written atomically; a corrupt or unreadable entry is a miss.
 */
import { builtins, createHash } from '../util/builtins.js';
import fs from 'node:fs';
import path from 'node:path';
import type { DerivedSink, Diagnostic, Finding, KeyUse, RuleMemo } from '../rule.js';
import type { AfterScanOutcomes, RecordedAmendment } from '../engine/after-scan.js';
import { writeCacheFile } from './cache-file.js';

const FORMAT = 1;

export interface CachedResult {
  parsed: boolean;
  findings: Finding[];
  foreignFindings: Finding[];
  diagnostics: Diagnostic[];
  /** Modules read by cross-file resolution (path relative to the scan base → content hash). */
  deps: Record<string, string>;
  /** Rules that shared facts for their cross-file step in this file (the facts themselves are not kept). */
  sharedBy?: string[];
  /** Wrappers of the project this file declares as JWT sinks (positions and names, no key material). */
  derivedSinks?: DerivedSink[];
  /** Key uses rules noted (positions, labels and redaction; no key material). */
  keyUses?: KeyUse[];
}

/** The recorded "hash" of a file that did not exist (or could not be read): it must still not. */
export const ABSENT = '-';

export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class ResultCache {
  /** Where this tool version's and settings' entries live. */
  readonly dir: string;

  /** `salt`: everything besides the file that decides its result (tool version, rules, settings). */
  constructor(
    root: string,
    salt: string,
    /** Mixed into every key: results that also depend on something else (see `variant`). */
    private readonly keySalt = '',
  ) {
    this.dir = path.join(root, `v${FORMAT}-${contentHash(salt).slice(0, 16)}`);
  }

  /** The same directory for results that also depend on `extra` (the derived-sink stage's sinks), under other keys. */
  variant(extra: string): ResultCache {
    const variant = Object.create(ResultCache.prototype) as ResultCache;
    Object.assign(variant, { dir: this.dir, keySalt: `${this.keySalt}\0${contentHash(extra)}` });
    return variant;
  }

  keyFor(file: string, text: string): string {
    const hash = createHash('sha256');
    if (this.keySalt) hash.update(this.keySalt).update('\0');
    return hash.update(file).update('\0').update(text).digest('hex');
  }

  /** The cached result, if present and every module it depended on still has the same content. */
  get(key: string, currentHash: (dep: string) => string | undefined): CachedResult | undefined {
    let entry: CachedResult;
    try {
      entry = JSON.parse(fs.readFileSync(this.entryPath(key), 'utf8')) as CachedResult;
    } catch {
      return undefined;
    }
    if (!entry || !Array.isArray(entry.findings) || typeof entry.deps !== 'object') return undefined;
    for (const [dep, hash] of Object.entries(entry.deps)) if ((currentHash(dep) ?? ABSENT) !== hash) return undefined;
    return entry;
  }

  set(key: string, result: CachedResult): void {
    store(this.entryPath(key), JSON.stringify(result));
  }

  /** A rule's memo (see RuleMemo), kept in one small file per rule beside the entries. */
  memo(ruleId: string): RuleMemo & { save(): void } {
    const file = path.join(this.dir, 'memo', `${ruleId.replace(/[^a-z0-9-]/g, '_')}.json`);
    let values: Record<string, string> = {};
    try {
      const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) values = parsed as Record<string, string>;
    } catch {
      // none yet, or unreadable: start empty
    }
    let changed = false;
    return {
      get: (key) => (typeof values[key] === 'string' ? values[key] : undefined),
      set: (key, value) => {
        if (values[key] === value) return;
        values[key] = value;
        changed = true;
      },
      save: () => {
        if (changed) store(file, JSON.stringify(values));
      },
    };
  }

  /**
   * The last outcome of each rule's cross-file step in the tree at `base`: an identity of its facts
   * and the amendments it made (no key material). Kept per tree, so scans of two repositories sharing
   * one cache directory do not evict each other's.
   */
  afterScanOutcomes(base: string): AfterScanOutcomes {
    const tree = contentHash(base).slice(0, 16);
    const fileOf = (ruleId: string) => path.join(this.dir, 'after-scan', `${ruleId.replace(/[^a-z0-9-]/g, '_')}-${tree}.json`);
    return {
      recall: (ruleId) => {
        try {
          const parsed = JSON.parse(fs.readFileSync(fileOf(ruleId), 'utf8')) as { identity?: unknown; amendments?: unknown };
          if (typeof parsed.identity !== 'string' || !Array.isArray(parsed.amendments)) return undefined;
          return { identity: parsed.identity, amendments: parsed.amendments as RecordedAmendment[] };
        } catch {
          return undefined;
        }
      },
      remember: (ruleId, outcome) => store(fileOf(ruleId), JSON.stringify(outcome)),
    };
  }

  private entryPath(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }
}

/** Atomic (temp file + rename, so parallel scans never read half an entry); a read-only or full disk only costs speed. */
function store(file: string, text: string): void {
  try {
    writeCacheFile(file, text);
  } catch {
    // not cached
  }
}

/**
 * Where the cache lives: `node_modules/.cache/jwtscan` of the scanned project when it has a
 * node_modules, else `$XDG_CACHE_HOME/jwtscan` or `~/.cache/jwtscan`.
 */
export function defaultCacheDir(base: string, env: Record<string, string | undefined>): string {
  const nodeModules = path.join(base, 'node_modules');
  if (fs.existsSync(nodeModules)) return path.join(nodeModules, '.cache', 'jwtscan');
  const home = env.XDG_CACHE_HOME ?? path.join(env.HOME ?? env.USERPROFILE ?? builtins.os().homedir(), '.cache');
  return path.join(home, 'jwtscan');
}
