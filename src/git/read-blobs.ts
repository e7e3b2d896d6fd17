/**
 * Reads many blobs with one `git cat-file --batch` process. Answers are parsed as they stream in
 * (`<id> <type> <size>\n<bytes>\n`, or `<id> missing`), and the bytes of a blob over the size limit
 * are skipped rather than kept, so a staged bundle of hundreds of megabytes costs no memory.
 * `readBlobs` asks for a known list at once; `openBlobReader` asks one object at a time (history
 * scans, which must not hold every blob of the repository in memory, and also read trees there).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { decode, type ReadResult } from '../files/read-source.js';
import { gitEnv, GitError, type GitContext } from './git.js';

export type BlobRead = { kind: 'blob'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' };
/** What the reader answers: blobs, and also trees (kept whatever their size: they hold names only). */
export type ObjectRead = BlobRead | { kind: 'tree'; bytes: Buffer };

/** A blob as the scan reads files: decoded text, or the diagnostic for one too large or unreadable. */
export function blobToReadResult(blob: ObjectRead | undefined, file: string, maxFileSize: number, unreadable: string): ReadResult {
  if (blob?.kind === 'blob') return decode(blob.bytes, file);
  if (blob?.kind === 'too-large') {
    const message = `skipped: ${blob.size} bytes is over the --max-file-size limit of ${maxFileSize} bytes`;
    return { ok: false, diagnostic: { kind: 'too-large', level: 'warning', file, message } };
  }
  return { ok: false, diagnostic: { kind: 'unreadable', level: 'warning', file, message: unreadable } };
}

export function readBlobs(context: GitContext, ids: readonly string[], maxSize: number): Promise<Map<string, BlobRead>> {
  const results = new Map<string, BlobRead>();
  if (ids.length === 0) return Promise.resolve(results);
  const unique = [...new Set(ids)];
  return new Promise((resolve, reject) => {
    const child = startBatch(context);
    let next = 0;
    const parser = new BatchParser(maxSize, () => unique[next++], (id, read) => results.set(id, read.kind === 'tree' ? { kind: 'missing' } : read));
    const stderr = collectStderr(child);
    child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => reject(spawnError(error)));
    child.on('close', (code) => {
      if (code !== 0 || next < unique.length || !parser.idle()) reject(new GitError(['cat-file'], stderr() || `exit code ${code}`));
      else resolve(results);
    });
    child.stdin.end(`${unique.join('\n')}\n`);
  });
}

export interface BlobReader {
  /** Answers come in request order; requests may overlap (the scan reads ahead). */
  read(id: string): Promise<ObjectRead>;
  /** Ends the process; reads still pending are rejected. */
  close(): void;
}

/** One long-lived `git cat-file --batch`: each `read` writes an id and waits for its answer (git flushes after each object). */
export function openBlobReader(context: GitContext, maxSize: number): BlobReader {
  const child = startBatch(context);
  const waiting: { id: string; resolve: (read: ObjectRead) => void; reject: (error: Error) => void }[] = [];
  let failure: Error | undefined;
  const parser = new BatchParser(
    maxSize,
    () => waiting[0]?.id,
    (_id, read) => waiting.shift()!.resolve(read),
  );
  const stderr = collectStderr(child);
  const fail = (error: Error) => {
    failure ??= error;
    for (const pending of waiting.splice(0)) pending.reject(failure);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    try {
      parser.push(chunk);
    } catch (error) {
      fail(error as Error);
    }
  });
  child.on('error', (error: NodeJS.ErrnoException) => fail(spawnError(error)));
  child.on('close', (code) => fail(new GitError(['cat-file'], stderr() || `exit code ${code}`)));
  return {
    read(id) {
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => {
        waiting.push({ id, resolve, reject });
        child.stdin.write(`${id}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

/** One blob's bytes as they come (`git cat-file blob`), for blobs too large to read whole. */
export function streamBlob(context: GitContext, id: string): AsyncIterable<Uint8Array> {
  const child = spawn('git', ['cat-file', 'blob', id], { cwd: context.cwd, env: gitEnv(context.env), stdio: ['ignore', 'pipe', 'ignore'] });
  child.on('error', () => undefined); // the stream then just ends
  return child.stdout;
}

function startBatch(context: GitContext): ChildProcessWithoutNullStreams {
  const child = spawn('git', ['cat-file', '--batch'], { cwd: context.cwd, env: gitEnv(context.env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.on('error', () => undefined); // reported through 'close' instead
  return child;
}

function collectStderr(child: ChildProcessWithoutNullStreams): () => string {
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return () => stderr.trim().split('\n')[0] ?? '';
}

function spawnError(error: NodeJS.ErrnoException): GitError {
  return new GitError(['cat-file'], error.code === 'ENOENT' ? 'git is not installed or not on PATH' : error.message);
}

/**
 * The answers come in request order; each is a header line, then (for objects) size bytes and a
 * newline. `current` names the request the next header answers.
 */
class BatchParser {
  private pending: Buffer = Buffer.alloc(0);
  /** The blob being received: its id, bytes still to come, and the chunks kept (none when too large). */
  private body: { id: string; type: string; remaining: number; size: number; chunks: Buffer[] | undefined } | undefined;
  private skipNewline = false;

  constructor(
    private readonly maxSize: number,
    private readonly current: () => string | undefined,
    private readonly onResult: (id: string, read: ObjectRead) => void,
  ) {}

  /** No answer half-received. */
  idle(): boolean {
    return this.body === undefined && this.pending.length === 0 && !this.skipNewline;
  }

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.skipNewline) {
        data = data.subarray(1);
        this.skipNewline = false;
      } else if (this.body) {
        const take = Math.min(this.body.remaining, data.length);
        this.body.chunks?.push(data.subarray(0, take));
        this.body.remaining -= take;
        data = data.subarray(take);
        if (this.body.remaining === 0) this.finishBody();
      } else {
        const newline = data.indexOf(0x0a);
        if (newline < 0) {
          this.pending = Buffer.from(data);
          return;
        }
        this.header(data.subarray(0, newline).toString('latin1'));
        data = data.subarray(newline + 1);
      }
    }
  }

  private header(line: string): void {
    const id = this.current();
    if (id === undefined) throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
    const [, type, sizeText] = line.split(' ');
    if (type === undefined || sizeText === undefined) {
      // `<id> missing` (or `ambiguous`): no body follows.
      this.onResult(id, { kind: 'missing' });
      return;
    }
    const size = Number(sizeText);
    const keep = type === 'tree' || (type === 'blob' && size <= this.maxSize);
    this.body = { id, type, remaining: size, size, chunks: keep ? [] : undefined };
    if (size === 0) this.finishBody();
  }

  private finishBody(): void {
    const body = this.body!;
    const bytes = body.chunks && Buffer.concat(body.chunks);
    const read: ObjectRead =
      body.type === 'tree' && bytes
        ? { kind: 'tree', bytes }
        : body.type !== 'blob'
          ? { kind: 'missing' }
          : bytes
            ? { kind: 'blob', bytes }
            : { kind: 'too-large', size: body.size };
    this.body = undefined;
    this.skipNewline = true;
    this.onResult(body.id, read);
  }
}
