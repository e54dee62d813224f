// The recursion: a container's entries, each through the same detector entry points a file's bytes go
// through (scanBytes, or scanChunks when large), each entry that is itself a container opened in turn.
// One Walk per top-level file holds its budget, findings and problems.
import type { Finding } from '../types.js';
import { CONTAINER_SEPARATOR } from '../types.js';
import { CHUNK_SIZE, keysInName, mayContainKey, redactKeysIn, scanChunks, scanWithDecoders, type ScanContext } from '../detect/index.js';
import { ByteStream, bufferAccess, slices, streamFill, type RandomAccess } from './bytes.js';
import { HEAD_BYTES, containerKind, type ContainerKind } from './magic.js';
import { RawTap } from './raw.js';
import { ArchiveError, Budget, HELD_ARCHIVE_MAX, type ArchiveLimits, type ContainerProblem } from './limits.js';
import { tarEntries } from './tar.js';
import { EntryCut, type Entry } from './entry.js';
import { arEntries } from './ar.js';
import { cpioEntries } from './cpio.js';
import { skipRpmHeaders } from './rpm.js';
import { zipEntries, type ZipEntry } from './zip.js';
import { asarEntries } from './asar.js';
import { sevenZipEntries } from './sevenzip.js';
import { inflate, type Compression } from './inflate.js';

/** Archives read forward from a stream, entry after entry. */
const FORWARD_ARCHIVES = { tar: tarEntries, ar: arEntries, cpio: cpioEntries } as const;
type ForwardArchive = keyof typeof FORWARD_ARCHIVES;
const isForwardArchive = (kind: ContainerKind | undefined): kind is ForwardArchive => kind !== undefined && kind in FORWARD_ARCHIVES;
/** Formats recognised but not read here: named in a warning (the scan is incomplete), their bytes scanned as they are. */
const UNREAD_KINDS: Partial<Record<ContainerKind, string>> = { rar: 'RAR archive', cab: 'cabinet (.cab) archive', compress: 'compress (.Z) stream' };
/** Compressed streams: one inner stream, named after the file unless it is an archive itself. */
const COMPRESSED = ['gzip', 'xz', 'lzma', 'zstd', 'bzip2', 'brotli', 'lz4'] as const;
type CompressedKind = (typeof COMPRESSED)[number];
const isCompressed = (kind: ContainerKind | undefined): kind is CompressedKind => (COMPRESSED as readonly string[]).includes(kind!);

export class Walk {
  readonly findings: Finding[] = [];
  readonly problems: ContainerProblem[] = [];
  /** The limit that stopped the whole file, if one did: always listed. */
  stoppedBy?: ContainerProblem;
  private readonly budget: Budget;
  /** A limit for the whole file was hit: nothing more is read. */
  private stopped = false;
  /** Paths whose stream ended early, by an error or a limit: their entries' cuts follow from it. */
  private readonly cut: string[] = [];

  constructor(
    private readonly context: ScanContext,
    private readonly limits: ArchiveLimits,
  ) {
    this.budget = new Budget(limits);
  }

  /**
   * Opens the container at `path` (nesting `level`, the top-level file being 1), from either shape of
   * input. Raw first: its bytes are scanned as they are too, all of them (what the reader left after the
   * archive's end included); a key the opened views found again is theirs (the most specific place).
   */
  async open(input: RandomAccess | ByteStream, kind: ContainerKind, path: string, level: number): Promise<void> {
    await this.rawFirst(input, path, (view) => this.openView(view, kind, path, level));
  }

  /** Runs `read` over `input` while its raw bytes (`rawPath`) are scanned too; the views' keys win. */
  private async rawFirst(input: RandomAccess | ByteStream, rawPath: string, read: (view: RandomAccess | ByteStream) => Promise<void>): Promise<void> {
    const raw = new RawTap({ ...this.context, file: rawPath });
    const before = this.findings.length;
    let rawFindings: Finding[];
    if (input instanceof ByteStream) {
      const tapped = new ByteStream(raw.tap(input.rest()));
      await read(tapped);
      for await (const piece of tapped.rest()) void piece; // what the reader left: text after the end
      rawFindings = raw.finish();
    } else {
      await read(input);
      rawFindings = await raw.scanAccess(input);
    }
    const seen = new Set(this.findings.slice(before).map((f) => f.fingerprint));
    this.add(rawFindings.filter((f) => !seen.has(f.fingerprint)), rawPath !== this.context.file);
  }

  private async openView(input: RandomAccess | ByteStream, kind: ContainerKind, path: string, level: number): Promise<void> {
    if (level > this.limits.maxDepth) {
      this.problem('archive-limit', path, `archive nested more than ${this.limits.maxDepth} deep (--max-archive-depth), not opened`);
      return;
    }
    try {
      const unread = UNREAD_KINDS[kind];
      if (unread) return this.unread(unread, path);
      if (isForwardArchive(kind)) return await this.entries(FORWARD_ARCHIVES[kind](asStream(input)), path, level);
      if (isCompressed(kind)) return await this.decompress(asStream(input), kind, path, level);
      if (kind === 'rpm') return await this.rpmPayload(asStream(input), path, level);
      const access = input instanceof ByteStream ? await hold(input) : input;
      if (!access) {
        this.problem('archive-limit', path, `${kind} archive inside a stream larger than ${HELD_ARCHIVE_MAX} bytes, not opened`);
        return;
      }
      const list = kind === 'asar' ? asarEntries(access) : kind === '7z' ? sevenZipEntries(access, this.budget) : zipEntries(access, this.budget);
      await this.entries(list, path, level);
    } catch (error) {
      this.fail(error, path);
    }
  }

  /**
   * A compressed stream: read as the archive it holds (`x.tgz!file`, `initrd.cpio.gz!file`), else as one
   * entry named after it (`x.log.gz!x.log`).
   */
  private async decompress(stream: ByteStream, kind: CompressedKind, path: string, level: number): Promise<void> {
    const inner = new ByteStream(this.guarded(inflate(stream.rest(), kind satisfies Compression, this.budget), path));
    const innerKind = containerKind(await inner.peek(HEAD_BYTES));
    if (isForwardArchive(innerKind)) {
      // `x.tgz!file` names the entries; the tar's own bytes (text after its end) are `x.tgz!x.tar`.
      const tarPath = path + CONTAINER_SEPARATOR + uncompressedName(path);
      return this.rawFirst(inner, tarPath, (view) => this.entries(FORWARD_ARCHIVES[innerKind](asStream(view)), path, level));
    }
    await this.content(inner, path + CONTAINER_SEPARATOR + uncompressedName(path), level + 1);
  }

  /** A format without a reader: said; its bytes are scanned as they are, like every container's (open). */
  private unread(label: string, path: string): void {
    this.problem('archive-unsupported', path, `${label} not opened (no reader for it); its bytes were scanned as they are`);
  }

  /** An RPM's payload (a cpio archive, mostly compressed) holds the package's files: `x.rpm!usr/bin/tool`. */
  private async rpmPayload(stream: ByteStream, path: string, level: number): Promise<void> {
    await skipRpmHeaders(stream);
    const kind = containerKind(await stream.peek(HEAD_BYTES));
    if (isCompressed(kind)) return this.decompress(stream, kind, path, level);
    if (isForwardArchive(kind)) return this.entries(FORWARD_ARCHIVES[kind](stream), path, level);
    await this.content(stream, path + CONTAINER_SEPARATOR + 'payload', level + 1);
  }

  private async entries(list: Iterable<ZipEntry> | AsyncIterable<Entry>, path: string, level: number): Promise<void> {
    for await (const entry of list) {
      if (this.stopped) return;
      // `./usr/bin/x` (tar and cpio as `find .` lists them) is shown as `usr/bin/x`.
      const inner = path + CONTAINER_SEPARATOR + entry.name.replace(/^(\.\/)+/, '');
      try {
        this.budget.entry();
      } catch (error) {
        this.fail(error, path);
        return;
      }
      if (mayContainKey(entry.name)) this.keysInEntryName(entry.name, inner);
      if ('unsupported' in entry && entry.unsupported) {
        this.problem('archive-unsupported', inner, `${entry.unsupported} entry, not scanned`);
        continue;
      }
      const whole = await entry.whole?.();
      if (whole) await this.contentOf(whole, inner, level + 1);
      else await this.content(new ByteStream(this.guarded(entry.content(), inner)), inner, level + 1);
    }
  }

  /** An entry read whole: a container again, or content for the detector. */
  private async contentOf(bytes: Buffer, path: string, level: number): Promise<void> {
    const kind = containerKind(bytes.subarray(0, HEAD_BYTES), path);
    if (kind) return this.open(bufferAccess(bytes), kind, path, level);
    this.add(scanWithDecoders(bytes, { ...this.context, file: path }));
  }

  /** One entry's bytes: a container again, or content for the detector. */
  private async content(stream: ByteStream, path: string, level: number): Promise<void> {
    const head = await stream.peek(HEAD_BYTES);
    const kind = containerKind(head, path);
    if (kind) return this.open(stream, kind, path, level);
    const context = { ...this.context, file: path };
    // Small entries (nearly all) in one piece; larger ones through the chunk scanner, memory flat.
    const parts: Buffer[] = [];
    let size = 0;
    for await (const piece of stream.take(CHUNK_SIZE + 1)) {
      parts.push(piece);
      size += piece.length;
    }
    const verdict = size <= CHUNK_SIZE ? { findings: scanWithDecoders(Buffer.concat(parts, size), context) } : await scanChunks(streamFill(chain(parts, stream.rest())), context);
    this.add(verdict.findings);
  }

  /** Errors inside an entry end that entry's stream (what was read is still scanned) and become problems. */
  private async *guarded(source: AsyncIterable<Buffer>, path: string): AsyncGenerator<Buffer> {
    try {
      for await (const piece of source) {
        if (this.stopped) return void this.cut.push(path);
        yield piece;
      }
    } catch (error) {
      this.cut.push(path);
      this.fail(error, path);
    }
  }

  private keysInEntryName(name: string, path: string): void {
    const shown = redactKeysIn(path);
    this.add(keysInName(name, this.context).map((f) => ({ ...f, file: shown, snippet: shown })));
  }

  /** `inside`: the findings are in an entry (not in the top-level file's own bytes), so they name their container. */
  private add(findings: readonly Finding[], inside = true): void {
    const container = redactKeysIn(this.context.file);
    for (const finding of findings) this.findings.push(inside ? { ...finding, container } : finding);
  }

  private fail(error: unknown, path: string): void {
    if (!(error instanceof ArchiveError)) throw error;
    if (error instanceof EntryCut && this.cut.some((p) => path.startsWith(p + CONTAINER_SEPARATOR))) return;
    if (error.final) {
      if (this.stopped) return;
      this.stopped = true;
      this.stoppedBy = { reason: error.reason, warning: `${redactKeysIn(this.context.file)}: ${error.message}` };
      return;
    }
    this.problem(error.reason, path, error.message);
  }

  private problem(reason: ContainerProblem['reason'], path: string, message: string): void {
    this.problems.push({ reason, warning: `${redactKeysIn(path)}: ${message}` });
  }
}

function asStream(input: RandomAccess | ByteStream): ByteStream {
  return input instanceof ByteStream ? input : new ByteStream(slices(input, 0, input.size));
}

/** A zip or asar met as a stream, held whole to be read from its end; undefined when too large. */
async function hold(stream: ByteStream): Promise<RandomAccess | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of stream.take(HELD_ARCHIVE_MAX + 1)) {
    parts.push(Buffer.from(piece));
    size += piece.length;
  }
  if (size > HELD_ARCHIVE_MAX) {
    await stream.close();
    return undefined;
  }
  return bufferAccess(Buffer.concat(parts, size));
}

async function* chain(first: readonly Buffer[], rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield* first;
  yield* rest;
}

/** `app.log.gz` → `app.log`, `pkg.tgz` / `pkg.txz` / `pkg.tzst` / `pkg.tbz2` → `pkg.tar`; the last level of the path only. */
export function uncompressedName(path: string): string {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf(CONTAINER_SEPARATOR)) + 1);
  if (/\.t(gz|xz|zst|bz2?|lz)$/i.test(name)) return name.replace(/\.t(gz|xz|zst|bz2?|lz)$/i, '.tar');
  const stripped = name.replace(/\.(gz|gzip|z|xz|lzma|zst|zstd|bz2|bz|br|lz4)$/i, '');
  return stripped || name;
}
