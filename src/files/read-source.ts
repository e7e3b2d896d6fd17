/**
 * Reads one file into text for the engine. Every problem is a value (a diagnostic), never a throw:
 * too large, binary, unreadable, vanished, or not valid UTF-8 (then decoded lossily and still scanned).
 * UTF-8 BOMs are dropped so columns match the source as editors show it; UTF-16 with a BOM is decoded.
 */
import fsSync, { constants } from 'node:fs';
import type { Diagnostic } from '../rule.js';
import type { FileStamp } from '../cache/keyword-free-index.js';

/** `stamp`: the file's size and times when it was read from the file system (not for git blobs). */
export type ReadResult = { ok: true; text: string; diagnostics: Diagnostic[]; stamp?: FileStamp } | { ok: false; diagnostic: Diagnostic };

const BINARY_SNIFF_BYTES = 8000;
/** Reused: decoding is stateless without `stream` (a TextDecoder per file costs more than the decode of most files). */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one file, synchronously: for the small files that make up most repositories, four
 * syscalls in a row cost less than the event-loop hops between them (measured with npm run bench:
 * an async path spent more time waiting and in GC than reading). One open and one fstat per file;
 * O_NONBLOCK so a FIFO named like a source never waits for a writer (it is reported instead).
 */
export function readSourceSync(absolute: string, file: string, maxFileSize: number): ReadResult {
  let buffer: Buffer;
  let fd: number | undefined;
  let stamp: FileStamp;
  try {
    fd = fsSync.openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
    const stat = fsSync.fstatSync(fd);
    stamp = stampOf(stat);
    if (!stat.isFile()) return skip('unreadable', 'warning', file, 'not a regular file');
    if (stat.size > maxFileSize) {
      return skip('too-large', 'warning', file, `not read whole: ${stat.size} bytes is over the --max-file-size limit of ${maxFileSize} bytes`);
    }
    buffer = readUpToSync(fd, stat.size, maxFileSize + 1, scratch);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    const why = code === 'ENOENT' ? 'vanished during the scan' : `could not be read (${code})`;
    return skip('unreadable', 'warning', file, why);
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
  if (buffer.length > maxFileSize) {
    return skip('too-large', 'warning', file, `not read whole: ${buffer.length} bytes is over the --max-file-size limit of ${maxFileSize} bytes`);
  }
  const decoded = decode(buffer, file);
  return decoded.ok ? { ...decoded, stamp } : decoded;
}

export function stampOf(stat: fsSync.Stats): FileStamp {
  return { size: stat.size, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ino: stat.ino };
}

/**
 * One buffer reused for every synchronous read: the bytes only live until they are decoded into a
 * string, so a fresh Buffer per file would be garbage at once (67 MB of it on the benchmark corpus).
 */
const scratch = { buffer: Buffer.allocUnsafe(256 * 1024) };

function readUpToSync(fd: number, expected: number, limit: number, reuse: { buffer: Buffer }): Buffer {
  if (reuse.buffer.length < Math.min(expected + 1, limit)) reuse.buffer = Buffer.allocUnsafe(Math.min(expected + 1, limit));
  let buffer = reuse.buffer;
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) break;
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const bytesRead = fsSync.readSync(fd, buffer, length, buffer.length - length, null);
    if (bytesRead === 0) break;
    length += bytesRead;
  }
  if (buffer !== reuse.buffer && buffer.length <= 4 * 1024 * 1024) reuse.buffer = buffer;
  return buffer.subarray(0, length);
}

export function decode(buffer: Buffer, file: string): ReadResult {
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return { ok: true, text: new TextDecoder('utf-16le').decode(buffer), diagnostics: [] };
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return { ok: true, text: new TextDecoder('utf-16be').decode(buffer), diagnostics: [] };
  if (buffer.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return skip('binary', 'note', file, 'skipped: binary content (NUL bytes) in a source-named file');
  try {
    // TextDecoder drops a leading UTF-8 BOM by default.
    return { ok: true, text: STRICT_UTF8.decode(buffer), diagnostics: [] };
  } catch {
    const text = new TextDecoder('utf-8').decode(buffer);
    const diagnostic: Diagnostic = {
      kind: 'encoding',
      level: 'note',
      file,
      message: 'not valid UTF-8; invalid bytes were replaced with U+FFFD and the file was scanned',
    };
    return { ok: true, text, diagnostics: [diagnostic] };
  }
}

function skip(kind: Diagnostic['kind'], level: Diagnostic['level'], file: string, message: string): ReadResult {
  return { ok: false, diagnostic: { kind, level, file, message } };
}

/**
 * The bytes of a file in chunks, read synchronously (the screening thread's streaming text pass; the
 * main thread streams asynchronously). Each chunk is a fresh buffer: the text pass keeps none of them.
 */
export function* chunksSync(absolute: string, chunkBytes = 256 * 1024): Generator<Uint8Array> {
  const fd = fsSync.openSync(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    for (;;) {
      const chunk = Buffer.allocUnsafe(chunkBytes);
      const bytesRead = fsSync.readSync(fd, chunk, 0, chunkBytes, null);
      if (bytesRead === 0) return;
      yield chunk.subarray(0, bytesRead);
    }
  } finally {
    fsSync.closeSync(fd);
  }
}
