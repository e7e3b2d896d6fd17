import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes via a temporary file in the same directory and a rename, so a crash or a kill never
 * leaves a truncated report that CI would upload as if complete.
 */
export function writeFileAtomic(target: string, cwd: string, content: string): void {
  const absolute = path.resolve(cwd, target);
  const temporary = `${absolute}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, absolute);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
