/** The working tree as the fix planner reads it: files by repository-relative path, and the scan's selection. */
import fs from 'node:fs';
import path from 'node:path';
import { walk, type WalkOptions } from '../../files/walk.js';
import type { FixSources } from './plan.js';

/** Reads are remembered: the planner, the copy check and the writer see one version of each file. */
export async function workingTreeSources(walkOptions: WalkOptions): Promise<FixSources & { absolute(file: string): string }> {
  const listed = (await walk(walkOptions)).files.map((f) => f.relative);
  const texts = new Map<string, string | undefined>();
  const absolute = (file: string) => path.join(walkOptions.base, ...file.split('/'));
  return {
    absolute,
    selection: () => listed,
    read(file) {
      if (!texts.has(file)) {
        let text: string | undefined;
        try {
          text = fs.readFileSync(absolute(file), 'utf8');
        } catch {
          text = undefined;
        }
        texts.set(file, text);
      }
      return texts.get(file);
    },
  };
}
