// A forgiving parser for dotenv files, following what the `dotenv` package accepts: `KEY=value`,
// `export KEY=value`, `KEY: value`, single/double/backtick quotes (multi-line allowed), `#` comments.
// Lines it cannot read are skipped, as dotenv skips them: a linter must never fail on an odd .env.

/** 1-based line and column; an end position is exclusive (the column after the last character). */
export interface Position {
  line: number;
  column: number;
}

export interface DotenvNodeBase {
  loc: { start: Position; end: Position };
  /** Offsets in the text; the end is exclusive. */
  range: [number, number];
}

export interface DotenvDocument extends DotenvNodeBase {
  type: 'DotenvDocument';
  body: DotenvEntry[];
  comments: DotenvComment[];
}

export interface DotenvEntry extends DotenvNodeBase {
  type: 'DotenvEntry';
  exported: boolean;
  key: DotenvKey;
  value: DotenvValue;
}

export interface DotenvKey extends DotenvNodeBase {
  type: 'DotenvKey';
  name: string;
}

export interface DotenvValue extends DotenvNodeBase {
  type: 'DotenvValue';
  /** The value as dotenv hands it to the program (quotes removed, `\n` expanded in double quotes). */
  value: string;
  quote: '"' | "'" | '`' | null;
}

export interface DotenvComment extends DotenvNodeBase {
  type: 'DotenvComment';
  /** The text after `#`. */
  value: string;
}

export type DotenvNode = DotenvDocument | DotenvEntry | DotenvKey | DotenvValue | DotenvComment;

export const VISITOR_KEYS: Record<DotenvNode['type'], string[]> = {
  DotenvDocument: ['body', 'comments'],
  DotenvEntry: ['key', 'value'],
  DotenvKey: [],
  DotenvValue: [],
  DotenvComment: [],
};

const ENTRY_HEAD = /[ \t]*(export[ \t]+)?([\w.-]+)(?:[ \t]*=|:[ \t])[ \t]*/dy;
const QUOTES = new Set(['"', "'", '`']);

export function parseDotenv(text: string): DotenvDocument {
  const locate = locator(text);
  const node = <T extends DotenvNode['type']>(type: T, start: number, end: number) => ({
    type,
    range: [start, end] as [number, number],
    loc: { start: locate(start), end: locate(end) },
  });
  const body: DotenvEntry[] = [];
  const comments: DotenvComment[] = [];
  const commentFrom = (hash: number, lineEnd: number) => {
    comments.push({ ...node('DotenvComment', hash, lineEnd), value: text.slice(hash + 1, lineEnd) });
  };

  let at = 0;
  while (at < text.length) {
    let lineEnd = endOfLine(text, at);
    ENTRY_HEAD.lastIndex = at;
    const head = ENTRY_HEAD.exec(text);
    if (!head || head.index + head[0].length > lineEnd) {
      const hash = text.indexOf('#', at);
      if (hash !== -1 && hash < lineEnd && text.slice(at, hash).trim() === '') commentFrom(hash, lineEnd);
      at = nextLine(text, lineEnd);
      continue;
    }
    const keyStart = head.indices![2][0];
    const valueStart = at + head[0].length;
    let value = readQuoted(text, valueStart);
    if (value) {
      lineEnd = endOfLine(text, value.end);
    } else {
      const hash = text.indexOf('#', valueStart);
      const stop = hash !== -1 && hash < lineEnd ? hash : lineEnd;
      const raw = text.slice(valueStart, stop).trimEnd();
      value = { end: valueStart + raw.length, value: raw, quote: null };
    }
    const hash = text.indexOf('#', value.end);
    if (hash !== -1 && hash < lineEnd) commentFrom(hash, lineEnd);
    body.push({
      ...node('DotenvEntry', keyStart, value.end),
      exported: head[1] !== undefined,
      key: { ...node('DotenvKey', keyStart, keyStart + head[2].length), name: head[2] },
      value: { ...node('DotenvValue', valueStart, value.end), value: value.value, quote: value.quote },
    });
    at = nextLine(text, lineEnd);
  }
  return { ...node('DotenvDocument', 0, text.length), body, comments };
}

interface ReadValue {
  end: number;
  value: string;
  quote: DotenvValue['quote'];
}

/** A quoted value, or undefined when there is no quote or it is never closed (dotenv then reads it raw). */
function readQuoted(text: string, start: number): ReadValue | undefined {
  const quote = text[start];
  if (!QUOTES.has(quote)) return undefined;
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) {
      const inner = text.slice(start + 1, i);
      const value = quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner;
      return { end: i + 1, value, quote: quote as ReadValue['quote'] };
    }
  }
  return undefined;
}

function endOfLine(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const end = lf === -1 ? text.length : lf;
  return end > from && text[end - 1] === '\r' ? end - 1 : end;
}

function nextLine(text: string, lineEnd: number): number {
  const lf = text.indexOf('\n', lineEnd);
  return lf === -1 ? text.length : lf + 1;
}

/** Offset → 1-based position by binary search over line starts; lines end at \n as in TextSourceCodeBase. */
function locator(text: string): (offset: number) => Position {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1 };
  };
}
