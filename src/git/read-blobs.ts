/**
 * Reads many blobs with one `git cat-file --batch` process. Answers are parsed as they stream in
 * (`<id> <type> <size>\n<bytes>\n`, or `<id> missing`), and the bytes of a blob over the size limit
 * are skipped rather than kept, so a staged bundle of hundreds of megabytes costs no memory.
 */
import { spawn } from 'node:child_process';
import { gitEnv, GitError, type GitContext } from './git.js';

export type BlobRead = { kind: 'blob'; bytes: Buffer } | { kind: 'too-large'; size: number } | { kind: 'missing' };

export function readBlobs(context: GitContext, ids: readonly string[], maxSize: number): Promise<Map<string, BlobRead>> {
  const results = new Map<string, BlobRead>();
  if (ids.length === 0) return Promise.resolve(results);
  const unique = [...new Set(ids)];
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: context.cwd, env: gitEnv(context.env), stdio: ['pipe', 'pipe', 'pipe'] });
    const parser = new BatchParser(unique, maxSize, results);
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => parser.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new GitError(['cat-file'], error.code === 'ENOENT' ? 'git is not installed or not on PATH' : error.message)),
    );
    child.on('close', (code) => {
      if (code !== 0 || !parser.done()) reject(new GitError(['cat-file'], stderr.trim().split('\n')[0] || `exit code ${code}`));
      else resolve(results);
    });
    child.stdin.on('error', () => undefined); // reported through 'close' instead
    child.stdin.end(`${unique.join('\n')}\n`);
  });
}

/** The answers come in request order; each is a header line, then (for objects) size bytes and a newline. */
class BatchParser {
  private next = 0;
  private pending: Buffer = Buffer.alloc(0);
  /** The blob being received: its id, bytes still to come, and the chunks kept (none when too large). */
  private body: { id: string; isBlob: boolean; remaining: number; size: number; chunks: Buffer[] | undefined } | undefined;
  private skipNewline = false;

  constructor(
    private readonly ids: readonly string[],
    private readonly maxSize: number,
    private readonly results: Map<string, BlobRead>,
  ) {}

  done(): boolean {
    return this.next === this.ids.length && this.body === undefined;
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
    const id = this.ids[this.next];
    if (id === undefined) throw new Error(`unexpected git cat-file output: ${line.slice(0, 80)}`);
    const [, type, sizeText] = line.split(' ');
    if (type === undefined || sizeText === undefined) {
      // `<id> missing` (or `ambiguous`): no body follows.
      this.results.set(id, { kind: 'missing' });
      this.next++;
      return;
    }
    const size = Number(sizeText);
    const isBlob = type === 'blob';
    this.body = { id, isBlob, remaining: size, size, chunks: isBlob && size <= this.maxSize ? [] : undefined };
    if (size === 0) this.finishBody();
  }

  private finishBody(): void {
    const body = this.body!;
    const read: BlobRead = body.chunks ? { kind: 'blob', bytes: Buffer.concat(body.chunks) } : body.isBlob ? { kind: 'too-large', size: body.size } : { kind: 'missing' };
    this.results.set(body.id, read);
    this.body = undefined;
    this.skipNewline = true;
    this.next++;
  }
}
