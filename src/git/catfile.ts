// Reads git objects through one long-lived `git cat-file --batch`: one process for thousands of
// objects instead of one per object. `batchObjects` parses the stream; `CatFile` does random reads.
import { Readable } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { OperationalError } from '../errors.js';
import { gitError, gitStartError } from './errors.js';
import { Git } from './spawn.js';

export interface GitObject {
  oid: string;
  type: 'blob' | 'tree' | 'commit' | 'tag';
  size: number;
  /** Undefined when the object was larger than `maxContent` (its bytes were read and dropped). */
  content: Buffer | undefined;
  /** Whatever followed the object name on the request line (`%(rest)`): rev-list's path. */
  rest: string;
}

export type BatchItem = GitObject | { oid: string; missing: true };

const NEWLINE = 0x0a;
const OBJECT_TYPES = new Set(['blob', 'tree', 'commit', 'tag']);

export interface BatchOptions {
  /** Objects larger than this are read and dropped, never held (`content` undefined). */
  maxContent?: number;
  /**
   * Assemble objects split across chunks in one reused buffer: `content` is then valid only until the
   * next object is requested. For streaming scans, so a gigabyte of blobs is not a gigabyte of garbage.
   */
  reuse?: boolean;
}

/**
 * Parses `git cat-file --batch[=<format>]` output (`<oid> <type> <size>[ <rest>]\n<content>\n` or
 * `<name> missing\n`). An object inside one chunk is a view of it; an object split across chunks is
 * copied once into its own buffer (or the reused one).
 */
export async function* batchObjects(stream: Readable, options: BatchOptions = {}): AsyncGenerator<BatchItem> {
  const maxContent = options.maxContent ?? Infinity;
  let scratch = Buffer.alloc(0);
  let pending: Buffer = Buffer.alloc(0);
  let header: { oid: string; type: GitObject['type']; size: number; rest: string } | undefined;
  let assembled: Buffer | undefined; // where a split object's bytes go
  let have = 0;
  const keep = (bytes: Buffer) => {
    if (assembled) bytes.copy(assembled, have);
    have += bytes.length;
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (!header) {
        const nl = pending.indexOf(NEWLINE);
        if (nl === -1) break;
        const line = pending.toString('utf8', 0, nl);
        pending = pending.subarray(nl + 1);
        const [oid, type, size, ...rest] = line.split(' ');
        if (!OBJECT_TYPES.has(type) || !/^\d+$/.test(size ?? '')) {
          // `<name> missing` (or `ambiguous`): the name may itself hold spaces (`HEAD:my file.env`).
          yield { oid: line.slice(0, line.lastIndexOf(' ')), missing: true };
          continue;
        }
        header = { oid, type: type as GitObject['type'], size: Number(size), rest: rest.join(' ') };
        assembled = undefined;
        have = 0;
      }
      const need = header.size + 1 - have; // content and its trailing newline
      const fits = header.size <= maxContent;
      if (pending.length < need) {
        if (fits && !assembled && have === 0) {
          if (options.reuse && scratch.length < header.size) scratch = Buffer.allocUnsafe(Math.max(header.size, 2 * scratch.length));
          assembled = options.reuse ? scratch.subarray(0, header.size) : Buffer.allocUnsafe(header.size);
        }
        keep(pending);
        pending = Buffer.alloc(0);
        break;
      }
      let content: Buffer | undefined;
      if (fits && have === 0) content = pending.subarray(0, need - 1);
      else if (fits) {
        keep(pending.subarray(0, need - 1));
        content = assembled;
      }
      pending = pending.subarray(need);
      const { oid, type, size, rest } = header;
      header = undefined;
      yield { oid, type, size, content, rest };
    }
  }
  if (header) throw new OperationalError(`git cat-file ended in the middle of object ${header.oid}`);
}

/** Random access reads: `read()` calls are answered in order by one `git cat-file --batch`. */
export class CatFile {
  private readonly child: ChildProcess;
  private readonly waiting: { resolve(o: GitObject | undefined): void; reject(e: Error): void }[] = [];
  private failure: Error | undefined;

  constructor(git: Git | string) {
    this.child = (typeof git === 'string' ? new Git(git) : git).spawn(['cat-file', '--batch']);
    this.child.once('error', (error) => this.fail(gitStartError(error)));
    this.child.stdin!.on('error', () => {}); // reported through the reader below
    void this.answer();
  }

  /** The object named `name` (an oid, or any name like `HEAD:path`), or undefined when missing. */
  read(name: string): Promise<GitObject | undefined> {
    if (this.failure) return Promise.reject(this.failure);
    if (name.includes('\n')) return Promise.reject(new OperationalError('object names cannot contain a newline'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.child.stdin!.write(name + '\n');
    });
  }

  close(): void {
    this.child.stdin!.end();
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }

  private async answer(): Promise<void> {
    try {
      for await (const item of batchObjects(this.child.stdout!)) {
        this.waiting.shift()?.resolve('missing' in item ? undefined : item);
      }
      this.fail(new OperationalError('git cat-file exited'));
    } catch (error) {
      this.fail(error instanceof Error ? error : new OperationalError(String(error)));
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/**
 * Reads blobs (ids or `rev:path` names) through one `git cat-file --batch`, answered in request order;
 * anything missing or not a blob is undefined. Spawns nothing when there is nothing to read.
 */
export async function readBlobs(git: Git, names: readonly string[]): Promise<(Buffer | undefined)[]> {
  if (!names.length) return [];
  const args = ['cat-file', '--batch'];
  const { code, stdout, stderr } = await git.run(args, names.join('\n') + '\n');
  if (code !== 0) throw gitError(git.cwd, args, stderr);
  const objects: (Buffer | undefined)[] = [];
  for await (const item of batchObjects(Readable.from([stdout]))) {
    objects.push('missing' in item || item.type !== 'blob' ? undefined : item.content);
  }
  if (objects.length < names.length) throw new OperationalError('git cat-file ended early');
  return objects;
}
