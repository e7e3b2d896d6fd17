/**
 * Baselines: the findings a team has accepted for now, so CI fails only on new ones. An entry names
 * a place (rule, path and the fingerprint of the masked code shape) and the key that was there (a
 * digest of the literal salted with the baseline's own random salt; never the key, never an
 * unsalted hash). An entry matches only while the same key is at that place: moved lines still
 * match, a different key swapped in is a new finding and the summary says so. Entries that no
 * longer match are reported as stale, so the file shrinks as keys are removed.
 */
import type { Finding } from './rule.js';
import { UsageError, type ScanResult } from './scan.js';
import { compareStrings } from './util/compare.js';

export const BASELINE_FILE = '.jwtscan-baseline.json';
const FORMAT_VERSION = 2;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  path: string;
  /** HMAC-SHA256 of the key literal under the baseline's salt (src/engine/key-digest.ts). */
  keyDigest?: string;
}

export interface Baseline {
  /** Random, per baseline file: the HMAC key of every entry's `keyDigest`. */
  salt: string;
  entries: BaselineEntry[];
}

export interface BaselineOutcome {
  hidden: number;
  stale: BaselineEntry[];
  /** Findings at a baselined place whose key is not the one the baseline recorded: reported as new. */
  swapped: { ruleId: string; path: string; line: number }[];
}

/** `findings` must carry `keyDigest` under `salt` (scan with `keySalt: salt`). */
export function createBaseline(findings: readonly Finding[], salt: string): string {
  const entries = findings
    .filter((f) => !f.suppression)
    .map((f): BaselineEntry => ({ fingerprint: f.fingerprint, ruleId: f.ruleId, path: f.file, ...(f.keyDigest ? { keyDigest: f.keyDigest } : {}) }))
    .sort((a, b) => compareStrings(a.path, b.path) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.fingerprint, b.fingerprint));
  return `${JSON.stringify({ formatVersion: FORMAT_VERSION, tool: 'jwtscan', salt, entries }, null, 2)}\n`;
}

export function parseBaseline(text: string, name: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`baseline ${name} is not valid JSON`);
  }
  const { formatVersion, entries, salt } = (data ?? {}) as { formatVersion?: unknown; entries?: unknown; salt?: unknown };
  if (formatVersion === 1) {
    throw new UsageError(`baseline ${name} was made by an older jwtscan (formatVersion 1, no key digests): make it again with jwtscan baseline`);
  }
  if (formatVersion !== FORMAT_VERSION || !Array.isArray(entries) || typeof salt !== 'string' || !/^[0-9a-f]{32}$/.test(salt)) {
    throw new UsageError(`baseline ${name} is not a jwtscan baseline (formatVersion ${FORMAT_VERSION} with salt and entries)`);
  }
  entries.forEach((entry: Partial<BaselineEntry>, i) => {
    if (typeof entry?.fingerprint !== 'string' || typeof entry.ruleId !== 'string' || typeof entry.path !== 'string') {
      throw new UsageError(`baseline ${name}: entries[${i}] needs string fingerprint, ruleId and path`);
    }
    if (entry.keyDigest !== undefined && typeof entry.keyDigest !== 'string') throw new UsageError(`baseline ${name}: entries[${i}].keyDigest must be a string`);
  });
  return { salt, entries: entries as BaselineEntry[] };
}

/**
 * The result without the baselined findings, and what the baseline hid, which entries no longer match
 * and which findings sit at a baselined place with another key. `result` must come from a scan with
 * `keySalt: baseline.salt`.
 */
export function applyBaseline(result: ScanResult, baseline: Baseline): { result: ScanResult; outcome: BaselineOutcome } {
  const identity = (fingerprint: string, digest: string | undefined) => `${fingerprint}\0${digest ?? ''}`;
  const known = new Set(baseline.entries.map((e) => identity(e.fingerprint, e.keyDigest)));
  const places = new Set(baseline.entries.map((e) => e.fingerprint));
  const matched = new Set<string>();
  const swapped: BaselineOutcome['swapped'] = [];
  const findings = result.findings.filter((f) => {
    if (f.suppression) return true;
    const id = identity(f.fingerprint, f.keyDigest);
    if (known.has(id)) {
      matched.add(id);
      return false;
    }
    if (places.has(f.fingerprint)) swapped.push({ ruleId: f.ruleId, path: f.file, line: f.region.start.line });
    return true;
  });
  return {
    result: { ...result, findings },
    outcome: {
      hidden: result.findings.length - findings.length,
      stale: baseline.entries.filter((e) => !matched.has(identity(e.fingerprint, e.keyDigest))),
      swapped,
    },
  };
}
