import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes via a temporary file in the same directory and a rename, so a crash or a kill never
 * leaves a truncated report that CI would upload as if complete.
 */
export function writeFileAtomic(target: string, cwd: string, content: string): void {
  const absolute = path.resolve(cwd, target);
  // `-o /dev/null`, `-o /dev/stdout` or a FIFO: renaming over a device or pipe would replace it
  // with a regular file (for /dev/null, breaking every program on the machine). Write through it.
  const existing = fs.statSync(absolute, { throwIfNoEntry: false });
  if (existing && !existing.isFile()) {
    fs.writeFileSync(absolute, content);
    return;
  }
  replaceFile(absolute, content);
}

/** Writes `content` to a temporary file beside `absolute` and renames it over: no reader ever sees half of it. */
export function replaceFile(absolute: string, content: string): void {
  const temporary = `${absolute}.${process.pid}.${Date.now()}.tmp`;
  try {
    fs.writeFileSync(temporary, content);
    fs.renameSync(temporary, absolute);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
