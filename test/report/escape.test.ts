// The one escaping layer: exact outputs for each sink.
import { describe, expect, it } from 'vitest';
import { escapeControl, escapeMarkup, jsonText, markdownCode, printable, workflowData, workflowProperty } from '../../src/report/escape.js';
import { redactKey } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';

describe('escape.ts', () => {
  it('control characters, C1 and bidi become visible escapes; tab and ordinary Unicode stay', () => {
    expect(escapeControl('a\u001b[31mb\u0007c\r\nd\u0085e\u202ef\u2066g\th é 日本')).toBe('a\\x1b[31mb\\x07c\\r\\nd\\x85e\\u202ef\\u2066g\th é 日本');
    expect(escapeControl('\u0000\u007f\u009b\u200f')).toBe('\\x00\\x7f\\x9b\\u200f');
  });

  it('printable also redacts keys', () => {
    const key = fakeKey('escape');
    expect(printable(`cannot read ${key}.txt\u001b`)).toBe(`cannot read ${redactKey(key)}.txt\\x1b`);
  });

  it('workflow commands: data escapes %, properties also : and ,', () => {
    expect(workflowData('50% ::error::x\n')).toBe('50%25 ::error::x\\n');
    expect(workflowProperty('a:b,c%')).toBe('a%3Ab%2Cc%25');
  });

  it('markdown cells are code spans with a long enough fence and escaped pipes', () => {
    expect(markdownCode('[x](https://e.example) <b>|</b>')).toBe('`[x](https://e.example) <b>\\|</b>`');
    expect(markdownCode('a ``b`` c')).toBe('```a ``b`` c```');
    expect(markdownCode('`x')).toBe('`` `x ``');
    expect(markdownCode('')).toBe('');
  });

  it('markup escapes entities and shows controls', () => {
    expect(escapeMarkup(`<a href="x">'&'\u001b</a>\ud800`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;\\x1b&lt;/a&gt;\ufffd');
  });

  it('JSON writes C1 and bidi characters as \\u escapes, same value when parsed', () => {
    const value = { name: 'a\u202eb\u0085c\u001b' };
    const text = jsonText(value);
    expect(text).toBe('{\n  "name": "a\\u202eb\\u0085c\\u001b"\n}\n');
    expect(JSON.parse(text)).toEqual(value);
  });
});
