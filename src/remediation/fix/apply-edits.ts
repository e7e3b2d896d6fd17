/**
 * Applies edits by their offsets in the original text with magic-string: several edits to one
 * file never shift each other, overlapping edits throw instead of corrupting the code, and every
 * byte outside the edits (formatting, comments) is kept as it was.
 */
import MagicString from 'magic-string';
import type { Edit, FileChange } from './types.js';

export function applyEdits(original: string, edits: readonly Edit[]): string {
  const text = new MagicString(original);
  // Insertions at one offset keep their planned order.
  for (const edit of edits) {
    if (edit.start === edit.end) text.appendLeft(edit.start, edit.text);
    else text.overwrite(edit.start, edit.end, edit.text);
  }
  return text.toString();
}

/** The changes of several fixes merged per file (in plan order). */
export function mergeChanges(changes: readonly FileChange[]): FileChange[] {
  const byFile = new Map<string, FileChange>();
  for (const change of changes) {
    const merged = byFile.get(change.file);
    if (merged) merged.edits.push(...change.edits);
    else byFile.set(change.file, { file: change.file, original: change.original, edits: [...change.edits] });
  }
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
