// Generated git histories for the benches: a `git fast-import` stream with backpressure, commits by a
// fixed author on a steady clock, and deterministic source-like file contents.
import { spawn } from 'node:child_process';

export type Write = (text: string | Buffer) => Promise<void>;

/** Streams a `git fast-import` script into the repository at `dir`, with backpressure. */
export async function fastImport(dir: string, produce: (write: Write) => Promise<void>): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const write: Write = async (text) => {
    if (!child.stdin.write(text)) await new Promise((resolve) => child.stdin.once('drain', resolve));
  };
  await produce(write);
  child.stdin.end('done\n');
  if ((await exited) !== 0) throw new Error('git fast-import failed');
}

/** A fast-import `data` header for `content`. */
export function data(content: string | Buffer): string {
  return `data ${Buffer.byteLength(content)}\n`;
}

/**
 * `commit(ref, message, from, merge, changes)` returns the new commit's mark; `modify` writes a file
 * inline; `who()` is the ident at the last commit's time (for a tagger).
 */
export function commitWriter(write: Write) {
  let mark = 0;
  let clock = 1_600_000_000;
  const who = () => `Bench Dev <dev@example.com> ${clock} +0000`;
  const commit = async (ref: string, message: string, from: number, merge: number, changes: string) => {
    mark++;
    clock += 60;
    await write(`commit ${ref}\nmark :${mark}\nauthor ${who()}\ncommitter ${who()}\n${data(message)}${message}\n`);
    if (from) await write(`from :${from}\n`);
    if (merge) await write(`merge :${merge}\n`);
    await write(changes + '\n');
    return mark;
  };
  const modify = (file: string, content: string) => `M 100644 inline ${file}\n${data(content)}${content}\n`;
  return { commit, modify, who };
}

const WORDS = 'const value return function import export await async result config client request response error module index data items count total'.split(' ');

/** `lines` lines of source-like text, the same for the same seed. */
export function sourceFile(seed: number, lines: number): string {
  let state = seed * 2654435761 || 1;
  const next = () => (state = (state * 1103515245 + 12345) >>> 0) % WORDS.length;
  let text = '';
  for (let i = 0; i < lines; i++) text += `${WORDS[next()]} ${WORDS[next()]}_${i} = ${WORDS[next()]}(${seed}, ${i}); // ${WORDS[next()]}\n`;
  return text;
}
