// Through the CLI, a directory scan (the sieve on both threads, then the scanner): files whose decoder
// needles decode to nothing keyed are clean, and a key behind any registered decoding is found at its
// exact place, including where only a format's structure says a stream starts (a PNG's text chunks).
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';
import { treeMaker } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const tree = treeMaker();

function scanDir(files: Record<string, string | Buffer>) {
  const root = tree(files);
  const run = runCli(['scan', '.', '--format', 'json'], { cwd: root, env: { AISA_GUARD_THREADS: '2' } });
  const findings = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
  return { code: run.code, findings: findings.map((f) => [f.file, f.offset ?? `${f.line}:${f.column}`, f.encodingChain ?? f.encoding ?? null]) };
}

const pngChunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};

describe('directory scan: needles that decode to no key, and keys behind decoders', () => {
  const decoys = {
    'bundle.js': 'const s = String.fromCharCode(a, b); const r = /[\\x20-\\x2D]/; x ^= y;\n'.repeat(50),
    'doc.pdf': '%PDF-1.4\n1 0 obj\n<< /Length 5 >>\nstream\nhello\nendstream\n',
    'data.bin': Buffer.concat([Buffer.from([0, 1, 2]), zlib.deflateSync('no secret in here\n'.repeat(20))]),
  };

  it('is clean when every decoded view is free of keys', () => {
    expect(scanDir(decoys)).toEqual({ code: 0, findings: [] });
  });

  it('finds keys in a fromCharCode list and in a PNG zTXt chunk beside the decoys, at their places', () => {
    const key = fakeKey('cli-sieve-decimal');
    const codes = [...`k=${key}`].map((c) => c.charCodeAt(0)).join(',');
    const pngKey = fakeKey('cli-sieve-png');
    const png = Buffer.concat([
      Buffer.from('89504e470d0a1a0a', 'hex'),
      pngChunk('IHDR', Buffer.alloc(13)),
      pngChunk('zTXt', Buffer.concat([Buffer.from('parameters\0\0'), zlib.deflateSync(`{"api_key": "${pngKey}"}`)])),
    ]);
    const { code, findings } = scanDir({ ...decoys, 'app.js': `// app\nconst k = String.fromCharCode(${codes});\n`, 'image.png': png });
    expect(findings).toEqual([
      ['app.js', '2:31', ['decimal']],
      ['image.png', 8 + 25, ['png-text']],
    ]);
    expect(code).toBe(1);
  });

  it('honours an allow comment on the encoded line, or a comment line above it, as for a plain key', () => {
    const codes = (seed: string) => [...`k=${fakeKey(seed)}`].map((c) => c.charCodeAt(0)).join(',');
    const source =
      `const a = String.fromCharCode(${codes('allow-same')}); // aisa-guard:allow\n` +
      `// aisa-guard:allow\nconst b = String.fromCharCode(${codes('allow-above')});\n` +
      `const c = String.fromCharCode(${codes('allow-none')});\n`;
    const { code, findings } = scanDir({ 'app.js': source });
    expect(findings).toEqual([['app.js', '4:31', ['decimal']]]);
    expect(code).toBe(1);
  });
});
