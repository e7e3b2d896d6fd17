/**
 * The git index file read directly (format: git's Documentation/gitformat-index.txt), to answer
 * "which blob is staged under this path?" for the modules a staged file imports. `git ls-files -s`
 * answers the same, but on a pre-commit run it cost ~150 ms of CPU (a process that reads the whole
 * index, and 2.5 MB of listing to receive for a 20k-file repository).
 *
 * The file is never held in memory whole. One pass streams it through a small reused buffer and
 * keeps the position and name of every 64th entry; a lookup binary-searches those names and reads
 * one block of entries (~6 KiB) back from the still open file. On small virtual machines every
 * 4 KiB page of fresh memory costs ~16 µs to fault in: reading a 20k-file repository's 3.2 MB index
 * whole cost 13 ms there, before any parsing; this pass costs ~5.5 ms in a fresh process. The open
 * descriptor also keeps lookups consistent when git replaces the index file meanwhile (it writes a
 * new file and renames it over the old one).
 *
 * Versions 2, 3 and 4 (prefix-compressed names), SHA-1 and SHA-256 object ids. `open` and `read`
 * return undefined for what they do not read in full, and the caller asks git instead: a split
 * index (`link` extension), a sparse index (`sdir`), an unknown version, or bytes that do not add up.
 */
import fs from 'node:fs';

/** Positioned reads of the index's bytes: the file, or a buffer in tests. */
export interface ByteReader {
  readonly size: number;
  /** Reads up to `length` bytes at `position` into the start of `into`; returns how many it read. */
  read(into: Buffer, length: number, position: number): number;
  close(): void;
}

/** How the pass and the lookups cut the file (tests make both tiny to cross every boundary). */
export interface IndexLayout {
  /** Entries per block: one name in this many is kept in memory. */
  blockEntries: number;
  /** Bytes the streaming pass reads at a time (the buffer grows for a longer entry). */
  chunkBytes: number;
}

const DEFAULT_LAYOUT: IndexLayout = { blockEntries: 64, chunkBytes: 64 * 1024 };
const SIGNATURE = 'DIRC';
const HEADER_BYTES = 12;
/** ctime, mtime (seconds and nanoseconds), dev, ino, mode, uid, gid, size: ten 32-bit fields. */
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;
const NAME_LENGTH_MASK = 0xfff;
/** Extensions whose presence means the entries in this file are not the whole index. */
const INCOMPLETE = new Set(['link', 'sdir']);

export function fileReader(file: string): ByteReader {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    return {
      size,
      read: (into, length, position) => fs.readSync(fd, into, 0, length, position),
      close: () => fs.closeSync(fd),
    };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

export function bufferReader(bytes: Buffer): ByteReader {
  return {
    size: bytes.length,
    read: (into, length, position) => bytes.copy(into, 0, position, Math.min(bytes.length, position + length)),
    close: () => undefined,
  };
}

export class IndexFile {
  private readonly found = new Map<string, string | undefined>();
  private scratch = Buffer.alloc(0);

  private constructor(
    private readonly reader: ByteReader,
    private readonly version: number,
    private readonly idLength: number,
    /** Where each block of entries starts, and where the last one ends. */
    private readonly blockStart: number[],
    private readonly entriesEnd: number,
    /** The full name of each block's first entry. */
    private readonly blockName: Buffer[],
  ) {}

  /** The index file at `file`, kept open for lookups until `close()`; undefined when it cannot be read in full. */
  static open(file: string, layout: IndexLayout = DEFAULT_LAYOUT): IndexFile | undefined {
    let reader: ByteReader;
    try {
      reader = fileReader(file);
    } catch {
      return undefined;
    }
    let index: IndexFile | undefined;
    try {
      index = IndexFile.read(reader, layout);
    } catch {
      index = undefined; // a read error: git answers instead
    }
    if (!index) reader.close();
    return index;
  }

  static read(reader: ByteReader, layout: IndexLayout = DEFAULT_LAYOUT): IndexFile | undefined {
    const header = Buffer.alloc(HEADER_BYTES);
    if (reader.size < HEADER_BYTES || reader.read(header, HEADER_BYTES, 0) < HEADER_BYTES) return undefined;
    if (header.toString('latin1', 0, 4) !== SIGNATURE) return undefined;
    const version = header.readUInt32BE(4);
    if (version < 2 || version > 4) return undefined;
    const count = header.readUInt32BE(8);
    // The object format is not recorded in the index: it is the one under which every entry and
    // the trailing checksum add up exactly.
    return IndexFile.scan(reader, layout, version, count, 20) ?? IndexFile.scan(reader, layout, version, count, 32);
  }

  /** The blob id (hex) of the stage-0 entry for a top-relative path, else undefined. */
  blobOf(name: string): string | undefined {
    if (this.found.has(name)) return this.found.get(name);
    const blob = this.lookUp(Buffer.from(name, 'utf8'));
    this.found.set(name, blob);
    return blob;
  }

  close(): void {
    this.reader.close();
  }

  private lookUp(needle: Buffer): string | undefined {
    // Entries are sorted by name bytes, then stage: the needle can only be in the last block whose
    // first name is not after it.
    let low = 0;
    let high = this.blockName.length - 1;
    let block = -1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      if (this.blockName[mid]!.compare(needle) <= 0) {
        block = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    if (block < 0) return undefined;
    const start = this.blockStart[block]!;
    const length = (this.blockStart[block + 1] ?? this.entriesEnd) - start;
    if (this.scratch.length < length) this.scratch = Buffer.allocUnsafe(length);
    const bytes = this.scratch;
    try {
      if (this.reader.read(bytes, length, start) < length) return undefined;
    } catch {
      return undefined; // a read error, or a lookup after close()
    }
    const entry = new EntryDecoder(this.version, this.idLength);
    for (let at = 0; at < length; at = entry.next) {
      if (entry.decode(bytes, at, length, at === 0 ? this.blockName[block] : undefined) !== DECODED) return undefined;
      const order = entry.compareWith(needle);
      if (order < 0) return undefined; // passed where it would be
      // A path has a stage-0 entry or, while unmerged, entries of stages 1 to 3: never both.
      if (order === 0) return entry.stage === 0 ? bytes.toString('hex', entry.idAt, entry.idAt + this.idLength) : undefined;
    }
    return undefined;
  }

  /** The streaming pass: every entry is decoded once, through a buffer of `layout.chunkBytes`. */
  private static scan(reader: ByteReader, layout: IndexLayout, version: number, count: number, idLength: number): IndexFile | undefined {
    // No entry is shorter than its stat data, object id, flags and one NUL.
    if (count > (reader.size - HEADER_BYTES) / (STAT_BYTES + idLength + 3)) return undefined;
    const blockStart: number[] = [];
    const blockName: Buffer[] = [];
    const entry = new EntryDecoder(version, idLength);
    let buffer = Buffer.allocUnsafe(layout.chunkBytes);
    /** The file position of buffer[0], and how many bytes of the buffer hold file data. */
    let bufferAt = HEADER_BYTES;
    let filled = 0;
    let at = HEADER_BYTES;
    // Versions 2 and 3: the entries between two block starts are skipped by their declared name
    // length in this tight loop (the decoder, a call and state per entry, made the pass ~2x slower).
    const skipping = version !== 4;
    const flagsOffset = STAT_BYTES + idLength;
    for (let i = 0; i < count; ) {
      if (skipping && i % layout.blockEntries !== 0) {
        const blockEnd = Math.min(count, i + layout.blockEntries - (i % layout.blockEntries));
        let p = at - bufferAt;
        while (i < blockEnd) {
          const flagsAt = p + flagsOffset;
          if (flagsAt + 2 > filled) break;
          const flags = (buffer[flagsAt]! << 8) | buffer[flagsAt + 1]!;
          const declared = flags & NAME_LENGTH_MASK;
          if (declared === NAME_LENGTH_MASK) break; // a name of 4095 bytes or more: the decoder finds its end
          let end = flagsAt + 2 + declared;
          if (flags & EXTENDED_FLAG) {
            if (version < 3) return undefined;
            end += 2;
          }
          // Each entry is NUL-padded (1 to 8 bytes) to a multiple of 8 bytes.
          const next = p + ((end - p + 8) & ~7);
          if (next > filled) break;
          if (buffer[end] !== 0) return undefined;
          p = next;
          i++;
        }
        at = bufferAt + p;
        if (i === blockEnd) continue;
      }
      const outcome = entry.decode(buffer, at - bufferAt, filled);
      if (outcome === INVALID) return undefined;
      if (outcome === NEEDS_MORE) {
        // Keep the entry's first bytes, grow the buffer if the entry alone fills it, read on.
        const kept = filled - (at - bufferAt);
        if (kept === buffer.length) buffer = Buffer.concat([buffer, Buffer.alloc(buffer.length)]);
        else buffer.copyWithin(0, at - bufferAt, filled);
        bufferAt = at;
        const wanted = Math.min(buffer.length - kept, reader.size - (bufferAt + kept));
        const read = wanted > 0 ? reader.read(buffer.subarray(kept), wanted, bufferAt + kept) : 0;
        if (read <= 0) return undefined; // the entries run past the end of the file
        filled = kept + read;
        continue;
      }
      if (i % layout.blockEntries === 0) {
        blockStart.push(at);
        blockName.push(entry.copyName());
      }
      at = bufferAt + entry.next;
      i++;
    }
    // Extensions (4-byte signature, 4-byte size, data), then the checksum of everything before it.
    const checksumAt = reader.size - idLength;
    const extension = Buffer.alloc(8);
    let next = at;
    while (next + 8 <= checksumAt) {
      if (reader.read(extension, 8, next) < 8) return undefined;
      if (INCOMPLETE.has(extension.toString('latin1', 0, 4))) return undefined;
      next += 8 + extension.readUInt32BE(4);
    }
    if (next !== checksumAt) return undefined;
    return new IndexFile(reader, version, idLength, blockStart, at, blockName);
  }
}

const DECODED = 1;
const NEEDS_MORE = 0;
const INVALID = -1;
type Outcome = typeof DECODED | typeof NEEDS_MORE | typeof INVALID;

/**
 * Decodes one entry after another. A version 4 name is the previous entry's name without its last
 * `strip` bytes, then a NUL-terminated suffix, so the decoder keeps the last full name.
 */
class EntryDecoder {
  /** After DECODED: where the next entry starts, the object id, the stage (in the decoded buffer). */
  next = 0;
  idAt = 0;
  stage = 0;
  /** The entry's full name: in the decoded buffer (versions 2 and 3) or in `kept` (version 4). */
  private nameBytes: Buffer = Buffer.alloc(0);
  private nameAt = 0;
  private nameEnd = 0;
  private kept = Buffer.alloc(256);
  private keptLength = 0;
  private spare = Buffer.alloc(256);

  constructor(
    private readonly version: number,
    private readonly idLength: number,
  ) {}

  /**
   * Decodes the entry at `at` of `bytes`, whose data ends at `limit`. `knownName` is the entry's full
   * name when it is already known (a block's first entry, whose version 4 name depends on an entry
   * that was not read). State changes only when the whole entry is there.
   */
  decode(bytes: Buffer, at: number, limit: number, knownName?: Buffer): Outcome {
    const flagsAt = at + STAT_BYTES + this.idLength;
    if (flagsAt + 2 > limit) return NEEDS_MORE;
    const flags = (bytes[flagsAt]! << 8) | bytes[flagsAt + 1]!; // (readUInt16BE is slow in the cold interpreter)
    let cursor = flagsAt + 2;
    if (flags & EXTENDED_FLAG) {
      if (this.version < 3) return INVALID;
      cursor += 2;
    }
    const declared = flags & NAME_LENGTH_MASK;
    if (this.version === 4) {
      const strip = readVarint(bytes, cursor, limit);
      if (strip === undefined) return NEEDS_MORE;
      if (strip === null) return INVALID;
      const end = bytes.indexOf(0, strip.next); // (a NUL found at or after `limit` is stale data)
      if (end < 0 || end >= limit) return NEEDS_MORE;
      if (knownName) this.keep(knownName, knownName.length, bytes, end, end);
      else {
        if (strip.value > this.keptLength) return INVALID;
        this.keep(this.kept, this.keptLength - strip.value, bytes, strip.next, end);
      }
      this.nameBytes = this.kept;
      this.nameAt = 0;
      this.nameEnd = this.keptLength;
      this.next = end + 1;
    } else {
      // The declared length saves a search for the NUL, except for names of 4095 bytes or more.
      const end = declared !== NAME_LENGTH_MASK ? cursor + declared : bytes.indexOf(0, cursor);
      if (end < 0 || end >= limit) return NEEDS_MORE;
      if (bytes[end] !== 0) return INVALID;
      // Each entry is NUL-padded (1 to 8 bytes) to a multiple of 8 bytes.
      const next = at + ((end - at + 8) & ~7);
      if (next > limit) return NEEDS_MORE;
      this.nameBytes = bytes;
      this.nameAt = cursor;
      this.nameEnd = end;
      this.next = next;
    }
    if (declared !== NAME_LENGTH_MASK && declared !== this.nameEnd - this.nameAt) return INVALID;
    this.idAt = at + STAT_BYTES;
    this.stage = (flags >> 12) & 3;
    return DECODED;
  }

  /** Below zero when `needle` sorts before the entry's name, zero when it is the name. */
  compareWith(needle: Buffer): number {
    return needle.compare(this.nameBytes, this.nameAt, this.nameEnd);
  }

  copyName(): Buffer {
    return Buffer.from(this.nameBytes.subarray(this.nameAt, this.nameEnd));
  }

  /** Sets `kept` to prefix[0, prefixLength) followed by suffix[from, to). */
  private keep(prefix: Buffer, prefixLength: number, suffix: Buffer, from: number, to: number): void {
    const length = prefixLength + (to - from);
    if (this.spare.length < length) this.spare = Buffer.alloc(Math.max(length, this.spare.length * 2));
    prefix.copy(this.spare, 0, 0, prefixLength);
    suffix.copy(this.spare, prefixLength, from, to);
    [this.kept, this.spare] = [this.spare, this.kept];
    this.keptLength = length;
  }
}

/**
 * git's offset varint (varint.c): 7 bits per byte, high bit = more follows, each continuation adds
 * one. Undefined when it runs past `limit` (read more), null when it is too large to be valid.
 */
function readVarint(bytes: Buffer, at: number, limit: number): { value: number; next: number } | undefined | null {
  if (at >= limit) return undefined;
  let byte = bytes[at++]!;
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (at >= limit) return undefined;
    if (value > 0xffffff) return null;
    byte = bytes[at++]!;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: at };
}
